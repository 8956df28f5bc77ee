package fr.mssnode.directory.trust;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import fr.mssnode.directory.DirectoryException;

/** Reads X.509 certificates from PEM (one or several) or DER bytes, and writes them back as PEM. */
public final class X509Files {
    /** A certificate file is small; anything larger is not one. */
    public static final int MAX_BYTES = 256 * 1024;

    private X509Files() {
    }

    public static List<X509Certificate> read(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw new DirectoryException(what + " is empty: expected an X.509 certificate in PEM or DER.");
        }
        if (bytes.length > MAX_BYTES) {
            throw new DirectoryException(what + " is " + bytes.length / 1024 + " KB: too large for a certificate.");
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> read = factory.generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : read) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new DirectoryException(what + " holds no X.509 certificate (expected PEM or DER).");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new DirectoryException(what + " is not an X.509 certificate in PEM or DER (" + e.getMessage() + ").");
        }
    }

    public static String pem(X509Certificate certificate) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der(certificate));
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }

    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new DirectoryException("The certificate cannot be encoded: " + e.getMessage());
        }
    }

    public static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der(certificate)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The e-mail addresses a certificate names: rfc822Name subject alternative names, else the subject's E=. */
    public static List<String> emailAddresses(X509Certificate certificate) {
        List<String> addresses = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (Integer.valueOf(1).equals(alternative.get(0))) {
                        addresses.add(String.valueOf(alternative.get(1)).trim().toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new DirectoryException("The certificate's subject alternative names cannot be read: " + e.getMessage());
        }
        if (addresses.isEmpty()) {
            for (javax.naming.ldap.Rdn rdn : rdns(certificate)) {
                if (rdn.getType().equalsIgnoreCase("EMAILADDRESS") || rdn.getType().equalsIgnoreCase("E")
                    || rdn.getType().equals("1.2.840.113549.1.9.1")) {
                    addresses.add(emailValue(rdn.getValue()));
                }
            }
        }
        return addresses;
    }

    private static String emailValue(Object value) {
        if (value instanceof byte[] der) {
            // An IA5String in DER, as the RFC 2253 form gives it for an unknown attribute: tag, length, bytes.
            return new String(der, 2, der.length - 2, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        }
        return String.valueOf(value).trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<javax.naming.ldap.Rdn> rdns(X509Certificate certificate) {
        try {
            return new javax.naming.ldap.LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
        } catch (javax.naming.InvalidNameException e) {
            return List.of();
        }
    }
}
