package fr.mssnode.mail.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The node's TLS identity (PEM certificate chain and private key) used by SMTP, IMAP and HTTPS.
 * In production both files are configured; on the embedded default a self-signed development
 * certificate is generated into var/tls/ on first start and reused afterwards.
 */
public record TlsMaterial(Path certificate, Path privateKey, X509Certificate leaf, boolean development) {

    public static TlsMaterial configured(Path certificate, Path privateKey) {
        for (Path file : List.of(certificate, privateKey)) {
            if (!Files.isReadable(file)) {
                throw new IllegalStateException("TLS file " + file.toAbsolutePath() + " does not exist or cannot be read");
            }
        }
        return new TlsMaterial(certificate.toAbsolutePath(), privateKey.toAbsolutePath(), readLeaf(certificate), false);
    }

    /** The development certificate in {@code folder}, created if absent. */
    public static TlsMaterial development(Path folder, List<String> dnsNames) {
        Path certificate = folder.resolve("dev-certificate.pem").toAbsolutePath();
        Path privateKey = folder.resolve("dev-private-key.pem").toAbsolutePath();
        if (!Files.exists(certificate) || !Files.exists(privateKey)) {
            generate(certificate, privateKey, dnsNames);
        }
        return new TlsMaterial(certificate, privateKey, readLeaf(certificate), true);
    }

    /** SHA-256 fingerprint, colon-separated upper-case hex, as mail clients and openssl show it. */
    public String sha256Fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "file://" URL for James's configuration. */
    public static String jamesUrl(Path file) {
        return "file://" + file.toAbsolutePath();
    }

    private static X509Certificate readLeaf(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the TLS certificate " + certificate + ": " + e.getMessage(), e);
        }
    }

    private static void generate(Path certificate, Path privateKey, List<String> dnsNames) {
        try {
            Files.createDirectories(certificate.getParent());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            // RSA, because the MSSanté client rules name ECDHE-RSA suites for TLS 1.2.
            generator.initialize(2048, new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + dnsNames.get(0) + ", O=Development node (not trusted), C=FR");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(825))), subject, keys.getPublic());
            GeneralName[] names = dnsNames.stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name.toLowerCase(Locale.ROOT)))
                .toArray(GeneralName[]::new);
            GeneralName[] withLoopback = java.util.Arrays.copyOf(names, names.length + 1);
            withLoopback[names.length] = new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(withLoopback));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            writePem(privateKey, keys.getPrivate(), true);
            writePem(certificate, cert, false);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate the development TLS certificate: " + e.getMessage(), e);
        }
    }

    private static void writePem(Path file, Object object, boolean secret) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(object instanceof java.security.PrivateKey key
                ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate()
                : object);
        }
        if (secret) {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's ACL applies.
            }
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
