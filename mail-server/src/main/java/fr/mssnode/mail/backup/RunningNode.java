package fr.mssnode.mail.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

import java.nio.charset.StandardCharsets;

/**
 * {@code var/management.properties}: the management port of the node running on this var folder and a token
 * drawn at its start, readable by the node's own user only. The command line reads it to ask the running node
 * for what only the node can do while it runs (an online backup of embedded Derby, which one process holds);
 * the token proves the caller can read the node's folder. Removed at a clean stop.
 */
public final class RunningNode {
    static final String FILE = "management.properties";

    private final Path file;
    private final String token;

    private RunningNode(Path file, String token) {
        this.file = file;
        this.token = token;
    }

    /** Draws a token and writes the file for the node starting on {@code var}. */
    public static RunningNode announce(Path var, int managementPort) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path file = var.resolve(FILE);
        Files.createDirectories(var);
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the folder's permissions protect it
        }
        Properties properties = new Properties();
        properties.setProperty("port", String.valueOf(managementPort));
        properties.setProperty("token", token);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            properties.store(out, "The node running on this folder (removed at a clean stop)");
        }
        return new RunningNode(file, token);
    }

    /** The announced port and token, if a node wrote them (it may have died since). */
    public static Optional<Announced> read(Path var) {
        Path file = var.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
            return Optional.of(new Announced(Integer.parseInt(properties.getProperty("port")), properties.getProperty("token")));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    public record Announced(int port, String token) {
    }

    boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.US_ASCII));
    }

    public void withdraw() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is harmless: its token dies with the node
        }
    }
}
