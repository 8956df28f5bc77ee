package fr.mssnode.mail.fuzz;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.MailboxCertificate;
import fr.mssnode.directory.trust.TrustAnchor;
import fr.mssnode.directory.trust.X509Files;
import fr.mssnode.mail.smime.SignatureVerdict;
import fr.mssnode.mail.smime.SmimeVerifier;
import fr.mssnode.mail.smime.TrustMaterial;

/**
 * The production {@link SmimeVerifier} over the kept test PKI of the fuzz corpus ({@code fuzz/trust/}): the test
 * health CA as the node's configured trust anchor, and one mailbox, {@value #SIGNER}, whose signing certificate is
 * registered in a directory kept in memory (no database: only the two directory look-ups the verifier makes are
 * answered). A message goes through what the VerifySignature mailet does: parsed from its bytes, its From address
 * read by the mailet's own {@code fromAddress}, then verified.
 */
final class FuzzVerifier {
    static final String SIGNER = "dr.lefebvre@hopital-demo.test";
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Method FROM_ADDRESS = fromAddressMethod();

    private final SmimeVerifier verifier;

    FuzzVerifier() {
        X509Certificate signer = X509Files.read(KeptCorpus.resource("trust/signer.pem"), "signer.pem").get(0);
        Certificates directory = new RegisteredSigner(signer);
        this.verifier = new SmimeVerifier(new TrustMaterial(directory, List.of(resourcePath("trust/ca.pem")), List.of()), directory);
    }

    /** The verdict on a message as it arrives over SMTP. */
    SignatureVerdict verify(byte[] rawMessage) throws MessagingException {
        MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(rawMessage));
        return verifier.verify(message, fromAddress(message));
    }

    /** The mailet's own reading of the From header (package-private in fr.mssnode.mail.mailet). */
    static String fromAddress(MimeMessage message) throws MessagingException {
        try {
            return (String) FROM_ADDRESS.invoke(null, message);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof MessagingException messaging) {
                throw messaging;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Method fromAddressMethod() {
        try {
            Method method = Class.forName("fr.mssnode.mail.mailet.VerifySignature").getDeclaredMethod("fromAddress", MimeMessage.class);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("VerifySignature.fromAddress moved: " + e.getMessage(), e);
        }
    }

    private static Path resourcePath(String path) {
        try {
            return Path.of(FuzzVerifier.class.getResource(KeptCorpus.RESOURCES + path).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The directory's certificates, in memory: no operator anchors, the one registered signing certificate. */
    private static final class RegisteredSigner extends Certificates {
        private final MailboxCertificate registered;

        RegisteredSigner(X509Certificate certificate) {
            super(new SimpleDriverDataSource()); // never connected: both look-ups are answered below
            Instant notBefore = certificate.getNotBefore().toInstant();
            Instant notAfter = certificate.getNotAfter().toInstant();
            this.registered = new MailboxCertificate(X509Files.sha256(certificate), SIGNER, CertificateUsage.SIGNING,
                certificate.getSubjectX500Principal().getName(), certificate.getIssuerX500Principal().getName(),
                certificate.getSerialNumber().toString(16), notBefore, notAfter, X509Files.pem(certificate));
        }

        @Override
        public List<MailboxCertificate> forMailbox(String address) {
            return SIGNER.equals(address.trim().toLowerCase(Locale.ROOT)) ? List.of(registered) : List.of();
        }

        @Override
        public List<TrustAnchor> allAnchors() {
            return List.of();
        }
    }
}
