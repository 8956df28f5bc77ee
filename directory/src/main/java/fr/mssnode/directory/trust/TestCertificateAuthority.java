package fr.mssnode.directory.testing;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test health CA and the mailbox certificates it issues, made at test time with BouncyCastle. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final X500Name caName;

    public TestPki(String caCommonName) {
        try {
            caKeys = rsa();
            caName = new X500Name("CN=" + caCommonName + ",O=Test IGC Sante,C=FR");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), caName, caKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca = sign(builder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate ca() {
        return ca;
    }

    public X509Certificate signing(String address) {
        return mailbox(address, KeyUsage.digitalSignature | KeyUsage.nonRepudiation, Instant.now().plus(Duration.ofDays(365)));
    }

    public X509Certificate encryption(String address) {
        return mailbox(address, KeyUsage.keyEncipherment, Instant.now().plus(Duration.ofDays(365)));
    }

    public X509Certificate expired(String address) {
        return mailbox(address, KeyUsage.digitalSignature, Instant.now().minus(Duration.ofDays(1)));
    }

    public X509Certificate mailbox(String address, int keyUsage, Instant notAfter) {
        try {
            KeyPair keys = rsa();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, serial(),
                Date.from(notAfter.minus(Duration.ofDays(400))), Date.from(notAfter),
                new X500Name("CN=" + address + ",O=Test,C=FR"), keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, address)));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return sign(builder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate certificate) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
