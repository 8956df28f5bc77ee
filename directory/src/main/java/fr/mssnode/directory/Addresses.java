package fr.mssnode.directory;

import java.util.Locale;
import java.util.regex.Pattern;

/** E-mail address rules shared by the directory and its callers. */
public final class Addresses {
    // Deliberately strict: dot-atom local part, LDH domain labels. Health addresses never need quoted local parts.
    private static final Pattern ADDRESS = Pattern.compile(
        "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
            + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");
    private static final Pattern DOMAIN = Pattern.compile(
        "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

    private Addresses() {
    }

    /** Lower-cased and trimmed; refuses anything that is not a plain address. */
    public static String normalize(String address) {
        String candidate = address == null ? "" : address.trim();
        if (candidate.length() > 254 || !ADDRESS.matcher(candidate).matches()) {
            throw new DirectoryException("'" + address + "' is not a valid e-mail address.");
        }
        return candidate.toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String address) {
        return address != null && address.length() <= 254 && ADDRESS.matcher(address.trim()).matches();
    }

    public static String normalizeDomain(String domain) {
        String candidate = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        if (candidate.length() > 253 || !DOMAIN.matcher(candidate).matches()) {
            throw new DirectoryException("'" + domain + "' is not a valid domain name.");
        }
        return candidate;
    }

    public static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    public static String localPartOf(String address) {
        return address.substring(0, address.lastIndexOf('@'));
    }
}
