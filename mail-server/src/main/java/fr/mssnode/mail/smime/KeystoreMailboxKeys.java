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

/**
 * Mailbox keys in one PKCS#12 file (var/keys/mailbox-keys.p12), alias = the address. Its password is
 * {@code node.smime.keystore-password}, or one generated on first use into var/keys/keystore.password (owner
 * read-only). Read once, then from memory; written atomically.
 */
public class KeystoreMailboxKeys implements MailboxKeys {
    private final Path file;
    private final char[] password;
    private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();

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
    public Optional<SigningKey> signingKey(String address) {
        return Optional.ofNullable(keys.get(address.trim().toLowerCase(Locale.ROOT)));
    }

    @Override
    public synchronized void storeSigningKey(String address, SigningKey key) {
        keys.put(address.trim().toLowerCase(Locale.ROOT), key);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            for (Map.Entry<String, SigningKey> entry : keys.entrySet()) {
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
                keys.put(alias, new SigningKey((PrivateKey) store.getKey(alias, password),
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
