package fr.mssnode.directory.trust;

import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.Addresses;
import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.DirectoryVersion;

/**
 * The certificates of the directory: per mailbox (S/MIME signing and encryption, what a correspondent discovers
 * through the address lookup) and the trust anchors of each trusted operator.
 */
public class Certificates {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_USAGE = "2.5.29.37.0";

    private final JdbcTemplate jdbc;

    public Certificates(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Registers a mailbox's certificate (PEM or DER) after checking it fits the usage: an S/MIME certificate names the
     * mailbox; a sign-in certificate is pinned to one of the node's own non-patient mailboxes.
     */
    public MailboxCertificate register(String address, CertificateUsage usage, byte[] certificateFile) {
        if (!Addresses.isValid(address)) {
            throw new DirectoryException("'" + address + "' is not an e-mail address.");
        }
        String mailbox = Addresses.normalize(address);
        if (!knownMailbox(mailbox)) {
            throw new DirectoryException("No mailbox " + mailbox + " in the directory: import the MSSanté extraction"
                + " or create the account first.");
        }
        List<X509Certificate> read = X509Files.read(certificateFile, "The certificate file");
        if (read.size() != 1) {
            throw new DirectoryException("The file holds " + read.size() + " certificates: give the mailbox's own"
                + " certificate alone (its CA goes in the operator's trust anchors).");
        }
        X509Certificate certificate = read.get(0);
        if (usage == CertificateUsage.SIGN_IN) {
            requireSignInAccount(mailbox);
        } else {
            List<String> named = X509Files.emailAddresses(certificate);
            if (!named.contains(mailbox)) {
                throw new DirectoryException("The certificate names " + (named.isEmpty() ? "no e-mail address" : String.join(", ", named))
                    + ", not " + mailbox + ": S/MIME correspondents would reject it.");
            }
        }
        requireUsage(certificate, usage);
        if (certificate.getNotAfter().toInstant().isBefore(Instant.now())) {
            throw new DirectoryException("The certificate expired on " + certificate.getNotAfter().toInstant() + ".");
        }
        if (certificate.getBasicConstraints() >= 0) {
            throw new DirectoryException("This is a CA certificate, not a mailbox's.");
        }
        String sha256 = X509Files.sha256(certificate);
        List<String> holders = jdbc.queryForList("SELECT address FROM mailbox_certificate WHERE sha256 = ? AND cert_usage = ?",
            String.class, sha256, usage.name());
        if (!holders.isEmpty()) {
            throw new DirectoryException("This certificate is already registered for " + holders.get(0) + " (" + usage.label() + ").");
        }
        try {
            jdbc.update("INSERT INTO mailbox_certificate (sha256, address, cert_usage, subject, issuer, serial_number,"
                    + " not_before, not_after, pem, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sha256, mailbox, usage.name(), cut(certificate.getSubjectX500Principal().getName(), 500),
                cut(certificate.getIssuerX500Principal().getName(), 500), certificate.getSerialNumber().toString(16),
                Timestamp.from(certificate.getNotBefore().toInstant()), Timestamp.from(certificate.getNotAfter().toInstant()),
                X509Files.pem(certificate), Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException raced) {
            throw new DirectoryException("This certificate is already registered (" + usage.label() + ").");
        }
        DirectoryVersion.bump(jdbc);
        return forMailbox(mailbox).stream().filter(c -> c.sha256().equals(sha256) && c.usage() == usage).findFirst().orElseThrow();
    }

    /** The certificates registered for a mailbox, newest expiry first. */
    public List<MailboxCertificate> forMailbox(String address) {
        return jdbc.query("SELECT sha256, address, cert_usage, subject, issuer, serial_number, not_before, not_after, pem"
                + " FROM mailbox_certificate WHERE address = ? ORDER BY not_after DESC, sha256",
            (rs, row) -> new MailboxCertificate(rs.getString(1), rs.getString(2), CertificateUsage.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                rs.getTimestamp(8).toInstant(), rs.getString(9)),
            Addresses.normalize(address));
    }

    /** The S/MIME certificates of a mailbox (signing, encryption): what correspondents discover, newest expiry first. */
    public List<MailboxCertificate> smimeFor(String address) {
        return forMailbox(address).stream().filter(c -> c.usage() != CertificateUsage.SIGN_IN).toList();
    }

    /** The mailbox this certificate signs in to, if it is registered for sign-in (a certificate opens one mailbox). */
    public Optional<MailboxCertificate> signInCertificate(String sha256) {
        return jdbc.query("SELECT sha256, address, cert_usage, subject, issuer, serial_number, not_before, not_after, pem"
                + " FROM mailbox_certificate WHERE sha256 = ? AND cert_usage = ?",
            (rs, row) -> new MailboxCertificate(rs.getString(1), rs.getString(2), CertificateUsage.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                rs.getTimestamp(8).toInstant(), rs.getString(9)),
            sha256, CertificateUsage.SIGN_IN.name()).stream().findFirst();
    }

    public void remove(String address, String sha256) {
        if (jdbc.update("DELETE FROM mailbox_certificate WHERE address = ? AND sha256 = ?", Addresses.normalize(address),
            sha256.trim().toLowerCase(Locale.ROOT)) == 0) {
            throw new DirectoryException("No certificate " + sha256 + " registered for " + address + ".");
        }
        DirectoryVersion.bump(jdbc);
    }

    /** Adds the CA certificates of a PEM or DER file as trust anchors of a trusted operator; returns those added. */
    public List<TrustAnchor> addAnchors(String domain, byte[] certificateFile) {
        String operator = Addresses.normalizeDomain(domain);
        Integer trusted = jdbc.queryForObject("SELECT COUNT(*) FROM trusted_operator WHERE domain = ? AND active = TRUE",
            Integer.class, operator);
        if (trusted == null || trusted == 0) {
            throw new DirectoryException("'" + operator + "' is not a trusted operator domain: add it first.");
        }
        List<X509Certificate> read = X509Files.read(certificateFile, "The trust anchor file");
        for (X509Certificate certificate : read) {
            if (certificate.getBasicConstraints() < 0) {
                throw new DirectoryException("'" + certificate.getSubjectX500Principal().getName() + "' is not a CA"
                    + " certificate: a trust anchor must be a certification authority.");
            }
        }
        List<String> added = new java.util.ArrayList<>();
        for (X509Certificate certificate : read) {
            String sha256 = X509Files.sha256(certificate);
            Integer present = jdbc.queryForObject("SELECT COUNT(*) FROM trust_anchor WHERE sha256 = ? AND domain = ?",
                Integer.class, sha256, operator);
            if (present != null && present > 0) {
                continue;
            }
            jdbc.update("INSERT INTO trust_anchor (sha256, domain, subject, not_after, pem, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                sha256, operator, cut(certificate.getSubjectX500Principal().getName(), 500),
                Timestamp.from(certificate.getNotAfter().toInstant()), X509Files.pem(certificate), Timestamp.from(Instant.now()));
            added.add(sha256);
        }
        if (!added.isEmpty()) {
            DirectoryVersion.bump(jdbc);
        }
        return anchors(operator).stream().filter(anchor -> added.contains(anchor.sha256())).toList();
    }

    public List<TrustAnchor> anchors(String domain) {
        return jdbc.query("SELECT sha256, domain, subject, not_after, pem FROM trust_anchor WHERE domain = ? ORDER BY subject",
            (rs, row) -> new TrustAnchor(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                rs.getString(5)),
            Addresses.normalizeDomain(domain));
    }

    /** Every operator's trust anchors. */
    public List<TrustAnchor> allAnchors() {
        return jdbc.query("SELECT sha256, domain, subject, not_after, pem FROM trust_anchor ORDER BY domain, subject",
            (rs, row) -> new TrustAnchor(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                rs.getString(5)));
    }

    private boolean knownMailbox(String address) {
        Integer listed = jdbc.queryForObject("SELECT COUNT(*) FROM mss_mailbox WHERE address = ?", Integer.class, address);
        Integer account = jdbc.queryForObject("SELECT COUNT(*) FROM node_account WHERE address = ?", Integer.class, address);
        return (listed != null && listed > 0) || (account != null && account > 0);
    }

    /** Only the node's own open mailboxes sign in, and never a patient's inbox with a certificate. */
    private void requireSignInAccount(String mailbox) {
        List<String> kinds = jdbc.queryForList("SELECT kind FROM node_account WHERE address = ?", String.class, mailbox);
        if (kinds.isEmpty()) {
            throw new DirectoryException("No account " + mailbox + " on this node: a sign-in certificate opens one of the"
                + " node's own mailboxes (create the account first).");
        }
        if (kinds.get(0).equals("PATIENT")) {
            throw new DirectoryException(mailbox + " is a patient's inbox: certificate sign-in is for practice software's"
                + " application mailboxes.");
        }
    }

    /**
     * Key usage bits: 0 digitalSignature, 1 nonRepudiation, 2 keyEncipherment, 4 keyAgreement. A sign-in certificate
     * signs the TLS handshake (digitalSignature) and, when it names extended usages, TLS client authentication.
     */
    private static void requireUsage(X509Certificate certificate, CertificateUsage usage) {
        if (usage == CertificateUsage.SIGN_IN) {
            requireClientAuthentication(certificate);
        }
        boolean[] bits = certificate.getKeyUsage();
        if (bits == null) {
            return;
        }
        boolean fits = switch (usage) {
            case SIGNING -> bit(bits, 0) || bit(bits, 1);
            case ENCRYPTION -> bit(bits, 2) || bit(bits, 4);
            case SIGN_IN -> bit(bits, 0);
        };
        if (!fits) {
            throw new DirectoryException("The certificate's key usage does not allow " + switch (usage) {
                case SIGNING -> "signatures (digitalSignature)";
                case ENCRYPTION -> "encryption (keyEncipherment)";
                case SIGN_IN -> "TLS client authentication (digitalSignature)";
            } + ".");
        }
    }

    private static void requireClientAuthentication(X509Certificate certificate) {
        List<String> extended;
        try {
            extended = certificate.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new DirectoryException("The certificate's extended key usage cannot be read: " + e.getMessage());
        }
        if (extended != null && !extended.contains(CLIENT_AUTH) && !extended.contains(ANY_EXTENDED_USAGE)) {
            throw new DirectoryException("The certificate's extended key usage does not allow TLS client authentication"
                + " (clientAuth, 1.3.6.1.5.5.7.3.2).");
        }
    }

    private static boolean bit(boolean[] bits, int index) {
        return bits.length > index && bits[index];
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
