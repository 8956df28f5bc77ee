package fr.mssnode.mail.smime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import fr.mssnode.directory.trust.CertificateUsage;

import fr.mssnode.directory.trust.CertificateUsage;

/**
 * Mailbox keys in one PKCS#12 file (var/keys/mailbox-keys.p12), alias = the address (signing key) or
 * address#encryption. Its password is
 * {@code node.smime.keystore-password}, or one generated on first use into var/keys/keystore.password (owner
 * read-only). Read once, then from memory; written atomically.
 */
public class KeystoreMailboxKeys implements MailboxKeys {
    private final Path file;
    private final char[] password;
    private final Map<String, MailboxKey> keys = new ConcurrentHashMap<>();

    public KeystoreMailboxKeys(Path folder, String configuredPassword) {
        try {
            Files.createDirectories(folder);
            this.file = folder.resolve("mailbox-keys.p12");
            this.password = (configuredPassword == null || configuredPassword.isBlank()
                ? generatedPassword(folder.resolve("keystore.password")) : configuredPassword).toCharArray();
            load();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open the mailbox keystore in " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<MailboxKey> key(String address, CertificateUsage usage) {
        return Optional.ofNullable(keys.get(alias(address, usage)));
    }

    /** The address for a signing key (as before encryption keys existed), address#encryption for the other. */
    private static String alias(String address, CertificateUsage usage) {
        String normalized = address.trim().toLowerCase(Locale.ROOT);
        return usage == CertificateUsage.SIGNING ? normalized : normalized + "#" + usage.label();
    }

    @Override
    public synchronized void store(String address, CertificateUsage usage, MailboxKey key) {
        keys.put(alias(address, usage), key);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            for (Map.Entry<String, MailboxKey> entry : keys.entrySet()) {
                store.setKeyEntry(entry.getKey(), entry.getValue().key(), password,
                    new Certificate[] {entry.getValue().certificate()});
            }
            Path next = file.resolveSibling(file.getFileName() + ".new");
            try (OutputStream out = Files.newOutputStream(next)) {
                store.store(out, password);
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write the mailbox keystore " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException, GeneralSecurityException {
        if (!Files.exists(file)) {
            return;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys.put(alias, new MailboxKey((PrivateKey) store.getKey(alias, password),
                    (X509Certificate) store.getCertificate(alias)));
            }
        }
    }

    private static String generatedPassword(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on file systems without POSIX permissions
        }
        return password;
    }
}
