package fr.mssnode.mail.fuzz;

import static fr.mssnode.mail.fuzz.KeptCorpus.HostileInput.refused;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import fr.mssnode.directory.trust.X509Files;
import fr.mssnode.mail.fuzz.KeptCorpus.HostileInput;
import fr.mssnode.mail.smime.MailboxKey;
import fr.mssnode.mail.smime.SmimeSigner;

/**
 * Writes the kept corpus of hostile S/MIME messages, each with the verdict the node must give (never VALID):
 * truncated signatures, content altered after signing (wrong digest), forged or empty signature parts, a signer
 * that is not the From address, an unknown CA, an expired or not yet valid certificate, a certificate not registered
 * in the directory, signatures without certificates, broken multipart/signed structures, and header injection in
 * subjects and From. It also writes the kept test PKI ({@code fuzz/trust/}: the CA and the registered signer's
 * certificate, valid 30 years; the private keys are made here and never kept), so the signed inputs verify the same
 * way for years. Everything is made by this class and the node's own {@link SmimeSigner}.
 *
 * <p>Regenerate (then review the diff of expected.tsv): {@code mvn -o test -pl mail-server
 * -Dtest=HostileSmimeInputs -Dcorpus.write=true}.
 */
class HostileSmimeInputs {
    static final String SIGNER = FuzzVerifier.SIGNER;
    static final String COLLEAGUE = "dr.benali@hopital-demo.test";
    static final String SPY = "espion@attacker.example";
    static final String ONE_PART = "a multipart/signed holding one body part: ArrayIndexOutOfBoundsException (1 >= 1, from"
        + " javax.mail's getBodyPart in BouncyCastle's SMIMESigned) escapes SmimeVerifier.verify instead of an INVALID verdict";
    static final String BAD_DER = "a signature whose DER is a %s: %s from BouncyCastle's CMSSignedData escapes"
        + " SmimeVerifier.verify instead of an INVALID verdict (its first step catches CMSException and a few others,"
        + " not RuntimeException; found by Jazzer in seconds)";
    static final String NO_SUCH_ELEMENT = "java.util.NoSuchElementException";
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Instant NOW = Instant.now();
    private static final Instant THIRTY_YEARS = NOW.plusSeconds(30L * 366 * 24 * 3600);

    private final KeyPair caKeys = rsa();
    private final X500Name caName = new X500Name("CN=AC TEST FUZZ SANTE,O=Test IGC Sante,C=FR");
    private final X509Certificate ca = certificate(caName, caKeys, caName, caKeys.getPublic(), NOW.minusSeconds(86_400),
        THIRTY_YEARS, true, null);
    private final MailboxKey signer = mailbox(SIGNER, NOW.minusSeconds(86_400), THIRTY_YEARS);

    @Test
    @EnabledIfSystemProperty(named = "corpus.write", matches = "true")
    void writeTheKeptCorpus() throws Exception {
        Files.createDirectories(KeptCorpus.SOURCES.resolve("trust"));
        Files.writeString(KeptCorpus.SOURCES.resolve("trust/ca.pem"), X509Files.pem(ca));
        Files.writeString(KeptCorpus.SOURCES.resolve("trust/signer.pem"), X509Files.pem(signer.certificate()));
        KeptCorpus.write(smime());
        KeptCorpus.writeSeeds(SmimeVerifierFuzzTest.class, "verifyArrivingMessage", List.of(
            seed("signed.eml", signed(letter(SIGNER, "Adressage"), signer)),
            seed("unsigned.eml", letter(SIGNER, "Adressage")),
            seed("opaque-signed.eml", opaque(letter(SIGNER, "Adressage"), signer)),
            seed("signed-by-other.eml", signed(letter(SPY, "Adressage"), signer))));
    }

    static HostileInput seed(String name, byte[] message) {
        return new HostileInput("seed", name, message, "", "", "");
    }

    static HostileInput invalid(String name, byte[] message, String reasonPart) {
        return refused("smime", name + ".eml", message, "INVALID", reasonPart);
    }

    static HostileInput unsigned(String name, byte[] message) {
        return refused("smime", name + ".eml", message, "UNSIGNED", "the message is not signed");
    }

    List<HostileInput> smime() throws Exception {
        List<HostileInput> inputs = new ArrayList<>();
        byte[] letter = letter(SIGNER, "Adressage de Mme D.");
        byte[] signed = signed(letter, signer);
        String text = ascii(signed);

        // truncated: the signed message cut at several places
        for (int percent : new int[] {50, 60, 70, 80, 90, 95}) {
            inputs.add(invalid("truncated-at-" + percent + "-percent", Arrays.copyOf(signed, signed.length * percent / 100), ""));
        }
        inputs.add(invalid("truncated-inside-signature", Arrays.copyOf(signed, text.indexOf(signatureBase64(text)) + 200), ""));
        // forged: the content or the signature changed after signing
        inputs.add(invalid("content-altered-after-signing", ascii(text.replace("Mme D.", "Mme X.")),
            "the signature does not match the content: the message was altered after signing"));
        inputs.add(invalid("content-line-added", ascii(text.replace("pour avis.", "pour avis.\r\nEt un virement urgent.")),
            "the message was altered after signing"));
        inputs.add(invalid("signature-of-another-message", spliceSignature(signed, signed(letter(SIGNER, "Autre lettre",
            "Une tout autre lettre."), signer)), "the message was altered after signing"));
        inputs.add(invalid("signature-bytes-flipped", flipSignature(text, 120), ""));
        inputs.add(invalid("signature-random-base64", replaceSignature(text, randomBase64(600)), "the signature cannot be read"));
        inputs.add(invalid("signature-empty", replaceSignature(text, ""), "the signature cannot be read"));
        inputs.add(invalid("signature-not-base64", replaceSignature(text, "ceci n'est pas une signature !!!"),
            "the signature cannot be read"));
        inputs.add(invalid("signature-truncated-der", replaceSignature(text, Base64.getMimeEncoder().encodeToString(Arrays.copyOf(
            Base64.getMimeDecoder().decode(signatureBase64(text)), 300))), "the signature cannot be read"));
        // the signer is not who the From header says
        inputs.add(invalid("signer-not-from", signed(letter(SPY, "Adressage"), signer),
            "the message is signed by " + SIGNER + " but its From address is " + SPY));
        inputs.add(invalid("from-header-injection-encoded", ascii(text.replace("From: " + SIGNER, "From: =?UTF-8?Q?" + SIGNER
            + "=0D=0ABcc:_x@y.fr?= <" + SPY + ">")), "but its From address is missing"));
        inputs.add(invalid("from-two-headers", ascii(text.replace("From: " + SIGNER, "From: " + SPY + "\r\nFrom: " + SIGNER)),
            "but its From address is " + SPY));
        inputs.add(invalid("from-missing", ascii(text.replace("From: " + SIGNER + "\r\n", "")), "its From address is missing"));
        inputs.add(invalid("from-display-name-spoof", ascii(text.replace("From: " + SIGNER, "From: \"" + SIGNER + "\" <" + SPY + ">")),
            "but its From address is " + SPY));
        // certificates that do not hold
        TestAuthority unknown = new TestAuthority("AC INCONNUE");
        inputs.add(invalid("unknown-ca", signed(letter, unknown.mailbox(SIGNER, NOW.minusSeconds(86_400), THIRTY_YEARS)),
            "does not chain to a trusted health certification authority"));
        inputs.add(invalid("self-signed-signer", signed(letter, selfSigned(SIGNER)),
            "does not chain to a trusted health certification authority"));
        inputs.add(invalid("expired-certificate", signed(letter, mailbox(SIGNER, Instant.parse("2020-01-01T00:00:00Z"),
            Instant.parse("2021-01-01T00:00:00Z"))), "expired on 2021-01-01T00:00:00Z"));
        inputs.add(invalid("not-yet-valid-certificate", signed(letter, mailbox(SIGNER, Instant.parse("2090-01-01T00:00:00Z"),
            Instant.parse("2091-01-01T00:00:00Z"))), "is not valid before 2090-01-01T00:00:00Z"));
        inputs.add(invalid("certificate-not-registered", signed(letter(COLLEAGUE, "Adressage"), mailbox(COLLEAGUE,
            NOW.minusSeconds(86_400), THIRTY_YEARS)), "the signer's certificate is not registered for " + COLLEAGUE));
        inputs.add(invalid("same-name-other-key", signed(letter, mailbox(SIGNER, NOW.minusSeconds(86_400), THIRTY_YEARS)),
            "the signer's certificate is not registered for " + SIGNER));
        inputs.add(invalid("no-certificate-in-signature", detached(letter, List.of(signer), false, "SHA256withRSA"),
            "the signer's certificate is not in the message"));
        inputs.add(invalid("second-signer-unknown-ca", detached(letter, List.of(signer, unknown.mailbox(SIGNER,
            NOW.minusSeconds(86_400), THIRTY_YEARS)), true, "SHA256withRSA"), "does not chain"));
        // broken structures
        int firstPartEnd = text.indexOf("\r\n--", text.indexOf("Content-Type: text")) + 2;
        inputs.add(invalid("multipart-signed-one-part", ascii(text.substring(0, firstPartEnd) + "--" + boundary(text) + "--\r\n"),
            "the signature cannot be read").knownFinding(ONE_PART));
        inputs.add(invalid("multipart-signed-wrong-boundary", ascii(text.replace("boundary=\"" + boundary(text), "boundary=\"autre")),
            "the signature cannot be read"));
        inputs.add(invalid("multipart-signed-plain-body", headers("Content-Type: multipart/signed; protocol=\"application/pkcs7-"
            + "signature\"; micalg=sha-256; boundary=\"b\"", "Ceci n'est pas un multipart."), "the signature cannot be read"));
        inputs.add(invalid("multipart-signed-headers-only", headers("Content-Type: multipart/signed; protocol=\"application/"
            + "pkcs7-signature\"; micalg=sha-256; boundary=\"b\"", ""), "the signature cannot be read"));
        inputs.add(invalid("opaque-signed-data-garbage", headers("Content-Type: application/pkcs7-mime; smime-type=signed-data;"
            + " name=smime.p7m\r\nContent-Transfer-Encoding: base64", randomBase64(900)), "the signature cannot be read"));
        inputs.add(invalid("opaque-signed-data-truncated", Arrays.copyOf(opaque(letter, signer), opaque(letter, signer).length * 2 / 3),
            "the signature cannot be read"));
        inputs.add(invalid("opaque-signed-by-other-than-from", opaque(letter(SPY, "Adressage"), signer),
            "but its From address is " + SPY));
        // DER that BouncyCastle's CMS parser does not turn into a CMSException (found by Jazzer in seconds)
        byte[] tooShort = new DERSequence(new ASN1Encodable[] {CMSObjectIdentifiers.signedData,
            new DERTaggedObject(true, 0, new DERSequence(new ASN1Integer(1)))}).getEncoded();
        byte[] noContent = new DERSequence(new ASN1Encodable[] {CMSObjectIdentifiers.signedData}).getEncoded();
        inputs.add(invalid("signature-signed-data-too-short", replaceSignature(text, Base64.getMimeEncoder().encodeToString(tooShort)),
            "the signature cannot be read").knownFinding(BAD_DER.formatted("SignedData of one element", NO_SUCH_ELEMENT)));
        inputs.add(invalid("signature-content-info-without-content", replaceSignature(text, Base64.getMimeEncoder()
            .encodeToString(noContent)), "the signature cannot be checked"));
        inputs.add(invalid("opaque-signed-data-too-short", headers("Content-Type: application/pkcs7-mime; smime-type=signed-data;"
            + " name=smime.p7m\r\nContent-Transfer-Encoding: base64", Base64.getMimeEncoder().encodeToString(tooShort)),
            "the signature cannot be read").knownFinding(BAD_DER.formatted("SignedData of one element", NO_SUCH_ELEMENT)));
        inputs.add(invalid("opaque-content-info-without-content", headers("Content-Type: application/pkcs7-mime;"
            + " smime-type=signed-data; name=smime.p7m\r\nContent-Transfer-Encoding: base64", Base64.getMimeEncoder()
            .encodeToString(noContent)), "the signature cannot be read").knownFinding(BAD_DER.formatted(
            "ContentInfo without its content", "java.lang.NullPointerException")));
        inputs.add(invalid("enveloped-data", headers("Content-Type: application/pkcs7-mime; smime-type=enveloped-data;"
            + " name=smime.p7m\r\nContent-Transfer-Encoding: base64", randomBase64(600)),
            "the message is encrypted and could not be decrypted here"));
        // header injection in subjects: not signed, and the outcome header written back stays one line
        inputs.add(unsigned("subject-encoded-crlf-bcc", letter(SIGNER, "=?UTF-8?Q?Adressage=0D=0ABcc:_" + SPY + "?=")));
        inputs.add(unsigned("subject-base64-crlf-content-type", letter(SIGNER, "=?UTF-8?B?" + Base64.getEncoder().encodeToString(
            "Adressage\r\nContent-Type: multipart/signed; boundary=x".getBytes(StandardCharsets.UTF_8)) + "?=")));
        inputs.add(unsigned("subject-bare-cr", letter(SIGNER, "Adressage\rBcc: " + SPY)));
        inputs.add(unsigned("subject-folded-header", letter(SIGNER, "Adressage\r\n Bcc: " + SPY)));
        inputs.add(unsigned("subject-nul", letter(SIGNER, "Adressage\0Bcc: " + SPY)));
        inputs.add(unsigned("subject-one-megabyte", letter(SIGNER, "A".repeat(1024 * 1024))));
        inputs.add(unsigned("subject-thousand-times", ascii(ascii(letter(SIGNER, "Adressage")).replace("Subject: Adressage\r\n",
            "Subject: Adressage\r\n".repeat(1000)))));
        // a raw line end in the subject makes a second Content-Type header, met first: refused, not taken as unsigned
        inputs.add(invalid("content-type-in-subject", letter(SIGNER, "x\r\nContent-Type: multipart/signed"),
            "the signature cannot be read"));
        inputs.add(unsigned("deep-multipart-mixed", deepMultipart(10_000)));
        return inputs;
    }

    // ---- messages ------------------------------------------------------------------------------------------

    static byte[] letter(String from, String subject) {
        return letter(from, subject, "Cher confrère, je vous adresse Mme D. pour avis.");
    }

    static byte[] letter(String from, String subject, String body) {
        return utf8("From: " + from + "\r\nTo: " + COLLEAGUE + "\r\nSubject: " + subject + "\r\nDate: Tue, 24 Nov 2026 10:30:00 +0100"
            + "\r\nMessage-ID: <fuzz-1@hopital-demo.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8"
            + "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n");
    }

    static byte[] headers(String contentHeaders, String body) {
        return ascii("From: " + SIGNER + "\r\nTo: " + COLLEAGUE + "\r\nSubject: Adressage\r\nMIME-Version: 1.0\r\n" + contentHeaders
            + "\r\n\r\n" + body + "\r\n");
    }

    /** Signed by the node's own signer (detached, multipart/signed). */
    static byte[] signed(byte[] message, MailboxKey key) throws Exception {
        MimeMessage signedMessage = new SmimeSigner().sign(new MimeMessage(SESSION, new ByteArrayInputStream(message)), key);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        signedMessage.writeTo(out);
        return out.toByteArray();
    }

    /** A multipart/signed built by hand: any signers, with or without their certificates, any algorithm. */
    static byte[] detached(byte[] message, List<MailboxKey> signers, boolean withCertificates, String algorithm) throws Exception {
        String entity = textEntity(message);
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        for (MailboxKey key : signers) {
            generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().build(algorithm, key.key(), key.certificate()));
            if (withCertificates) {
                generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            }
        }
        byte[] signature = generator.generate(new CMSProcessableByteArray(utf8(entity)), false).getEncoded();
        return utf8(otherHeaders(message) + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/signed;"
            + " protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"fuzz\"\r\n\r\n--fuzz\r\n" + entity
            + "\r\n--fuzz\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\nContent-Transfer-Encoding: base64"
            + "\r\n\r\n" + Base64.getMimeEncoder().encodeToString(signature) + "\r\n--fuzz--\r\n");
    }

    /** Opaque signed-data (application/pkcs7-mime; smime-type=signed-data), the content inside the signature. */
    static byte[] opaque(byte[] message, MailboxKey key) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", key.key(), key.certificate()));
        generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
        byte[] signedData = generator.generate(new CMSProcessableByteArray(utf8(textEntity(message))), true).getEncoded();
        return utf8(otherHeaders(message) + "\r\nMIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime;"
            + " smime-type=signed-data; name=\"smime.p7m\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(signedData) + "\r\n");
    }

    /** The text body of a letter as a MIME entity: its content headers, a blank line, its text. */
    static String textEntity(byte[] letter) {
        String text = new String(letter, StandardCharsets.UTF_8);
        return "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + text.substring(text.indexOf("\r\n\r\n") + 4);
    }

    /** The letter's header lines other than its MIME ones, without a final line end. */
    static String otherHeaders(byte[] letter) {
        String text = new String(letter, StandardCharsets.UTF_8);
        return text.substring(0, text.indexOf("\r\n\r\n"))
            .replaceAll("(?m)^(Content-Type|Content-Transfer-Encoding|MIME-Version):[^\r\n]*(\r\n)?", "").stripTrailing();
    }

    static String boundary(String signedText) {
        int start = signedText.indexOf("boundary=\"") + "boundary=\"".length();
        return signedText.substring(start, signedText.indexOf('"', start));
    }

    /** The base64 text of the signature part: after that part's headers, up to the closing boundary. */
    static String signatureBase64(String signedText) {
        int part = signedText.indexOf("Content-Type: application/pkcs7-signature;");
        int start = signedText.indexOf("\r\n\r\n", part) + 4;
        return signedText.substring(start, signedText.indexOf("\r\n--", start));
    }

    static byte[] replaceSignature(String signedText, String base64) {
        return ascii(signedText.replace(signatureBase64(signedText), base64));
    }

    static byte[] spliceSignature(byte[] into, byte[] from) {
        return replaceSignature(ascii(into), signatureBase64(ascii(from)));
    }

    static byte[] flipSignature(String signedText, int at) {
        String base64 = signatureBase64(signedText);
        char[] chars = base64.toCharArray();
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return replaceSignature(signedText, new String(chars));
    }

    static String randomBase64(int bytes) {
        byte[] noise = new byte[bytes];
        new Random(16).nextBytes(noise);
        return Base64.getMimeEncoder().encodeToString(noise);
    }

    static byte[] deepMultipart(int levels) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            body.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1).append("\"\r\n\r\n");
        }
        body.append("--b").append(levels).append("\r\nContent-Type: text/plain\r\n\r\nfond\r\n");
        for (int i = levels; i >= 0; i--) {
            body.append("--b").append(i).append("--\r\n");
        }
        return headers("Content-Type: multipart/mixed; boundary=\"b0\"", body.toString());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    // ---- the kept test PKI ---------------------------------------------------------------------------------

    MailboxKey mailbox(String address, Instant notBefore, Instant notAfter) {
        KeyPair keys = rsa();
        return new MailboxKey(keys.getPrivate(), certificate(caName, caKeys, new X500Name("CN=" + address + ",O=Test,C=FR"),
            keys.getPublic(), notBefore, notAfter, false, address));
    }

    static MailboxKey selfSigned(String address) {
        KeyPair keys = rsa();
        X500Name name = new X500Name("CN=" + address + ",O=Test,C=FR");
        return new MailboxKey(keys.getPrivate(), certificate(name, keys, name, keys.getPublic(), Instant.now().minusSeconds(86_400),
            Instant.now().plusSeconds(30L * 366 * 24 * 3600), false, address));
    }

    /** Another CA, not trusted by the node. */
    static final class TestAuthority {
        private final KeyPair keys = rsa();
        private final X500Name name;

        TestAuthority(String commonName) {
            this.name = new X500Name("CN=" + commonName + ",O=Test,C=FR");
        }

        MailboxKey mailbox(String address, Instant notBefore, Instant notAfter) {
            KeyPair mailboxKeys = rsa();
            return new MailboxKey(mailboxKeys.getPrivate(), certificate(name, keys, new X500Name("CN=" + address + ",O=Test,C=FR"),
                mailboxKeys.getPublic(), notBefore, notAfter, false, address));
        }
    }

    static X509Certificate certificate(X500Name issuer, KeyPair issuerKeys, X500Name subject, PublicKey subjectKey, Instant notBefore,
                                       Instant notAfter, boolean authority, String email) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            if (authority) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
                builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
            }
            PrivateKey signingKey = issuerKeys.getPrivate();
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA")
                .build(signingKey)));
        } catch (IOException | GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("Cannot make a test certificate: " + e.getMessage(), e);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
