package fr.mssnode.mail.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP network written as {@code 10.1.0.0/16} or {@code 2001:db8::/32} (a bare address is the one address). */
public record Network(byte[] base, int prefix) {

    public static Network parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not a network: write an address and a prefix, 10.1.0.0/16.");
        }
        try {
            byte[] base = InetAddress.getByName(address).getAddress();
            int prefix = slash < 0 ? base.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
            if (prefix < 0 || prefix > base.length * 8) {
                throw new IllegalArgumentException("'" + text + "': the prefix must be 0 to " + base.length * 8 + ".");
            }
            return new Network(base, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a network: write an address and a prefix, 10.1.0.0/16.");
        }
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != base.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != base[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (bytes[whole] & mask) == (base[whole] & mask);
    }
}
