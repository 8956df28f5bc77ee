package fr.mssnode.directory.trust;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

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
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test health certification authority (standing in for the IGC Santé in tests, demos and benchmarks) and the
 * mailbox certificates it issues: e-mail in subjectAltName, S/MIME key usages. RSA 2048, SHA-256. Never for
 * production: its key sits in a file next to its certificate.
 */
public final class TestCertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
    }

    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final X500Name caName;

    private TestCertificateAuthority(X509Certificate ca, PrivateKey caKey) {
        this.ca = ca;
        this.caKey = caKey;
        this.caName = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
    }

    public TestCertificateAuthority(String commonName) {
        try {
            KeyPair keys = rsa();
            X500Name name = new X500Name("CN=" + commonName + ",O=Test IGC Sante,C=FR");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.caKey = keys.getPrivate();
            this.caName = name;
            this.ca = sign(builder);
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot create the test CA: " + e.getMessage(), e);
        }
    }

    /** The CA kept in {@code folder} (ca.pem, ca-key.pem), created there on first use. */
    public static TestCertificateAuthority inFolder(Path folder, String commonName) throws IOException {
        Path certificate = folder.resolve("ca.pem");
        Path key = folder.resolve("ca-key.pem");
        if (Files.exists(certificate) && Files.exists(key)) {
            return new TestCertificateAuthority(X509Files.read(Files.readAllBytes(certificate), certificate.toString()).get(0),
                readKey(Files.readString(key, StandardCharsets.US_ASCII)));
        }
        TestCertificateAuthority created = new TestCertificateAuthority(commonName);
        Files.createDirectories(folder);
        Files.writeString(certificate, pem(created.ca));
        Files.writeString(key, pem(created.caKey));
        return created;
    }

    public X509Certificate certificate() {
        return ca;
    }

    public Issued signing(String address) {
        return mailbox(address, KeyUsage.digitalSignature | KeyUsage.nonRepudiation, Instant.now().plus(Duration.ofDays(730)));
    }

    public Issued encryption(String address) {
        return mailbox(address, KeyUsage.keyEncipherment, Instant.now().plus(Duration.ofDays(730)));
    }

    public Issued expired(String address) {
        return mailbox(address, KeyUsage.digitalSignature | KeyUsage.nonRepudiation, Instant.now().minus(Duration.ofDays(1)));
    }

    public Issued mailbox(String address, int keyUsage, Instant notAfter) {
        try {
            KeyPair keys = rsa();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, serial(),
                Date.from(notAfter.minus(Duration.ofDays(800))), Date.from(notAfter),
                new X500Name("CN=" + address + ",O=Test,C=FR"), keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, address)));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new Issued(sign(builder), keys.getPrivate());
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a test certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A TLS client certificate for practice software signing in to an application mailbox (clientAuth), valid from
     * {@code notBefore} to {@code notAfter}.
     */
    public Issued application(String software, Instant notBefore, Instant notAfter) {
        try {
            KeyPair keys = rsa();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(notBefore),
                Date.from(notAfter), new X500Name("CN=" + software + ",O=Test practice software,C=FR"), keys.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new Issued(sign(builder), keys.getPrivate());
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a test client certificate: " + e.getMessage(), e);
        }
    }

    /** A TLS server certificate for an operator's host (SMTP, IMAP, HTTPS), with the host in subjectAltName. */
    public Issued server(String host) {
        try {
            KeyPair keys = rsa();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(730))),
                new X500Name("CN=" + host + ",O=Test,C=FR"), keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new Issued(sign(builder), keys.getPrivate());
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a test TLS certificate: " + e.getMessage(), e);
        }
    }

    /** A revocation list of this CA listing the given certificates as revoked now. */
    public java.security.cert.X509CRL revocationList(X509Certificate... revoked) {
        try {
            Instant now = Instant.now();
            org.bouncycastle.cert.X509v2CRLBuilder builder = new org.bouncycastle.cert.X509v2CRLBuilder(caName,
                Date.from(now.minus(Duration.ofMinutes(5))));
            builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(1))),
                    org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
            }
            return new org.bouncycastle.cert.jcajce.JcaX509CRLConverter().getCRL(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey)));
        } catch (org.bouncycastle.operator.OperatorCreationException | java.security.cert.CRLException e) {
            throw new IllegalStateException("Cannot make the test revocation list: " + e.getMessage(), e);
        }
    }

    public static String pem(Object certificateOrKey) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificateOrKey);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    public static PrivateKey readKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("not a private key in PEM");
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder)
        throws org.bouncycastle.operator.OperatorCreationException, java.security.cert.CertificateException {
        return new JcaX509CertificateConverter().getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey)));
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
