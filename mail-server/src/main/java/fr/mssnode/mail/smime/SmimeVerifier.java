package fr.mssnode.mail.smime;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.mail.smime.SMIMESigned;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.MailboxCertificate;
import fr.mssnode.directory.trust.X509Files;

/**
 * Checks a message's S/MIME signature (detached multipart/signed, or opaque signed-data): the signature holds
 * over the exact bytes, the signer's certificate is within its validity dates, chains to a trusted health CA,
 * is not on a configured revocation list, names the From address, and is registered for that mailbox in the
 * directory. The first failure is the verdict's reason.
 */
public class SmimeVerifier {
    static {
        SmimeMailcap.register();
    }

    private final TrustMaterial trust;
    private final Certificates certificates;

    public SmimeVerifier(TrustMaterial trust, Certificates certificates) {
        this.trust = trust;
        this.certificates = certificates;
    }

    public SignatureVerdict verify(MimeMessage message, String fromAddress) {
        SMIMESigned signed;
        try {
            ContentType type = new ContentType(message.getContentType());
            if (type.match("multipart/signed")) {
                signed = new SMIMESigned((MimeMultipart) message.getContent());
            } else if (type.match("application/pkcs7-mime") || type.match("application/x-pkcs7-mime")) {
                String smimeType = type.getParameter("smime-type");
                if (smimeType != null && smimeType.equalsIgnoreCase("enveloped-data")) {
                    return SignatureVerdict.invalid("the message is encrypted and could not be decrypted here");
                }
                signed = new SMIMESigned(message);
            } else {
                return SignatureVerdict.unsigned();
            }
        } catch (MessagingException | CMSException | org.bouncycastle.mail.smime.SMIMEException | java.io.IOException
                 | RuntimeException e) {
            // Malformed CMS makes BouncyCastle throw unchecked exceptions too (a multipart/signed of one part, a
            // SignedData of one element, a ContentInfo without content): all are a signature that cannot be read.
            return SignatureVerdict.invalid("the signature cannot be read (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + ")");
        }
        try {
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.isEmpty()) {
                return SignatureVerdict.invalid("the signature has no signer");
            }
            Store<X509CertificateHolder> carried = signed.getCertificates();
            SignatureVerdict verdict = null;
            for (SignerInformation signer : signers) {
                verdict = verifySigner(signer, carried, fromAddress);
                if (verdict.outcome() != SignatureVerdict.Outcome.VALID) {
                    return verdict;
                }
            }
            return verdict;
        } catch (RuntimeException e) {
            return SignatureVerdict.invalid("the signature cannot be checked (" + e.getMessage() + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private SignatureVerdict verifySigner(SignerInformation signer, Store<X509CertificateHolder> carried, String from) {
        Collection<X509CertificateHolder> matches = carried.getMatches(signer.getSID());
        if (matches.isEmpty()) {
            return SignatureVerdict.invalid("the signer's certificate is not in the message");
        }
        X509Certificate certificate;
        List<X509Certificate> others = new ArrayList<>();
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            certificate = converter.getCertificate(matches.iterator().next());
            for (X509CertificateHolder holder : carried.getMatches(null)) {
                others.add(converter.getCertificate(holder));
            }
        } catch (java.security.cert.CertificateException e) {
            return SignatureVerdict.invalid("the signer's certificate cannot be read: " + e.getMessage());
        }
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            return SignatureVerdict.invalid("the signer's certificate (" + subject + ") expired on "
                + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return SignatureVerdict.invalid("the signer's certificate (" + subject + ") is not valid before "
                + certificate.getNotBefore().toInstant());
        }
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate))) {
                return SignatureVerdict.invalid("the signature does not match the content: the message was altered after signing");
            }
        } catch (CMSException e) {
            return SignatureVerdict.invalid("the signature does not match the content: the message was altered after"
                + " signing (" + e.getMessage() + ")");
        } catch (OperatorCreationException e) {
            return SignatureVerdict.invalid("the signature's algorithm is not supported: " + e.getMessage());
        }
        String chainProblem = chainProblem(certificate, others);
        if (chainProblem != null) {
            return SignatureVerdict.invalid(chainProblem);
        }
        String revoked = revocation(certificate);
        if (revoked != null) {
            return SignatureVerdict.invalid(revoked);
        }
        String sender = from == null ? "" : from.trim().toLowerCase(Locale.ROOT);
        List<String> named = X509Files.emailAddresses(certificate);
        if (!named.contains(sender)) {
            return SignatureVerdict.invalid("the message is signed by " + (named.isEmpty() ? subject : String.join(", ", named))
                + " but its From address is " + (sender.isEmpty() ? "missing" : sender));
        }
        String sha256 = X509Files.sha256(certificate);
        boolean registered = false;
        for (MailboxCertificate known : certificates.forMailbox(sender)) {
            if (known.usage() == CertificateUsage.SIGNING && known.sha256().equals(sha256)) {
                registered = true;
            }
        }
        if (!registered) {
            return SignatureVerdict.invalid("the signer's certificate is not registered for " + sender + " in the health directory");
        }
        return SignatureVerdict.valid(sender, "signed by " + subject + ", issued by "
            + certificate.getIssuerX500Principal().getName());
    }

    /** Null when the certificate chains to a trust anchor; else why not. */
    private String chainProblem(X509Certificate certificate, List<X509Certificate> intermediates) {
        List<X509Certificate> anchors = trust.anchors();
        if (anchors.isEmpty()) {
            return "no trusted health certification authority is configured on this node";
        }
        try {
            Set<java.security.cert.TrustAnchor> trustAnchors = new HashSet<>();
            for (X509Certificate anchor : anchors) {
                trustAnchors.add(new java.security.cert.TrustAnchor(anchor, null));
            }
            List<X509Certificate> path = new ArrayList<>();
            path.add(certificate);
            Set<javax.security.auth.x500.X500Principal> anchorNames = new HashSet<>();
            anchors.forEach(anchor -> anchorNames.add(anchor.getSubjectX500Principal()));
            // Follow issuers among the certificates the message carries, up to one an anchor issued.
            X509Certificate current = certificate;
            while (path.size() < 6 && !anchorNames.contains(current.getIssuerX500Principal())) {
                X509Certificate issuer = issuerOf(current, intermediates);
                if (issuer == null) {
                    break;
                }
                path.add(issuer);
                current = issuer;
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(trustAnchors);
            parameters.setRevocationEnabled(false); // revocation is checked against the configured CRLs, below
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return null;
        } catch (CertPathValidatorException e) {
            return "the signer's certificate (" + certificate.getSubjectX500Principal().getName() + ", issued by "
                + certificate.getIssuerX500Principal().getName() + ") does not chain to a trusted health"
                + " certification authority (" + e.getMessage() + ")";
        } catch (GeneralSecurityException e) {
            return "the signer's certificate chain cannot be checked: " + e.getMessage();
        }
    }

    private static X509Certificate issuerOf(X509Certificate certificate, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (!candidate.equals(certificate)
                && candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                return candidate;
            }
        }
        return null;
    }

    /** Null when no configured CRL of the issuer lists the certificate; a CRL not signed by that issuer is ignored. */
    private String revocation(X509Certificate certificate) {
        for (X509CRL crl : trust.crls()) {
            if (!crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal()) || !signedByAnchor(crl)) {
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(certificate);
            if (entry != null) {
                return "the signer's certificate (" + certificate.getSubjectX500Principal().getName()
                    + ") was revoked on " + entry.getRevocationDate().toInstant() + " (revocation list of "
                    + crl.getIssuerX500Principal().getName() + ")";
            }
        }
        return null;
    }

    private boolean signedByAnchor(X509CRL crl) {
        for (X509Certificate anchor : trust.anchors()) {
            if (anchor.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(anchor.getPublicKey());
                    return true;
                } catch (GeneralSecurityException e) {
                    // not this anchor's key
                }
            }
        }
        return false;
    }
}
