package fr.mssnode.mail.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test nodes. Taken below the kernel's ephemeral range (32768 and up on Linux): a port the kernel hands
 * out for listening is also one it may give, a moment later, to an outgoing connection (to PostgreSQL, an IMAP
 * client), and the node then fails to bind it. Never the same port twice in one run.
 */
public final class FreePorts {
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int next() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException inUse) {
                // taken: try another
            }
        }
        throw new IllegalStateException("No free port between " + FIRST + " and " + LAST);
    }
}
