package fr.mssnode.directory;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Changes to the directory made by the operator: accounts and trusted operator domains.
 * Every refusal is a {@link DirectoryException} whose message says what to do.
 */
public class DirectoryAdmin {
    private static final Pattern RELAY = Pattern.compile("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

    private final JdbcTemplate jdbc;
    private final Directory directory;

    public DirectoryAdmin(DataSource dataSource, Directory directory) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.directory = directory;
    }

    public Account createAccount(String address, AccountKind kind, String displayName, String password) {
        String normalized = Addresses.normalize(address);
        String domain = Addresses.domainOf(normalized);
        if (!directory.isLocalDomain(domain)) {
            throw new DirectoryException("Unknown domain '" + domain + "': this node serves " + String.join(", ",
                directory.localDomains().stream().sorted().toList()) + ".");
        }
        if (kind == AccountKind.PATIENT) {
            if (!domain.startsWith("patient.")) {
                throw new DirectoryException("A patient inbox must be in a patient.<domain> domain, not '" + domain + "'.");
            }
            new Ins(Addresses.localPartOf(normalized));
        } else if (domain.startsWith("patient.")) {
            throw new DirectoryException("Only patient inboxes live under '" + domain + "'.");
        }
        String name = displayName == null || displayName.isBlank() ? normalized : displayName.trim();
        if (name.length() > 200) {
            throw new DirectoryException("Display name too long (200 characters at most).");
        }
        Passwords.checkStrength(password, normalized);
        if (directory.findAccount(normalized).isPresent()) {
            throw new DirectoryException("An account for " + normalized + " already exists.");
        }
        try {
            jdbc.update("INSERT INTO node_account (address, kind, display_name, password_hash, active, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)",
                normalized, kind.name(), name, Passwords.hash(password), true, Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException raced) {
            throw new DirectoryException("An account for " + normalized + " already exists.");
        }
        DirectoryVersion.bump(jdbc);
        return directory.findAccount(normalized).orElseThrow();
    }

    public void resetPassword(String address, String newPassword) {
        String normalized = Addresses.normalize(address);
        requireAccount(normalized);
        Passwords.checkStrength(newPassword, normalized);
        jdbc.update("UPDATE node_account SET password_hash = ? WHERE address = ?", Passwords.hash(newPassword), normalized);
        DirectoryVersion.bump(jdbc);
    }

    public void setActive(String address, boolean active) {
        String normalized = Addresses.normalize(address);
        requireAccount(normalized);
        // A mailbox opened again after being closed for want of use gets a fresh warning before it can close again.
        jdbc.update("UPDATE node_account SET active = ?, inactivity_warned_at = NULL WHERE address = ?", active, normalized);
        DirectoryVersion.bump(jdbc);
    }

    /**
     * Whether a password opens the mailbox. Refusing passwords is for application mailboxes that sign in with their
     * registered client certificate: it needs one registered first, so that the mailbox is not left unreachable.
     */
    public void setPasswordSignIn(String address, boolean accepted) {
        String normalized = Addresses.normalize(address);
        requireAccount(normalized);
        if (!accepted) {
            Integer certificates = jdbc.queryForObject("SELECT COUNT(*) FROM mailbox_certificate WHERE address = ?"
                + " AND cert_usage = 'SIGN_IN'", Integer.class, normalized);
            if (certificates == null || certificates == 0) {
                throw new DirectoryException("No sign-in certificate is registered for " + normalized + ": register one"
                    + " (directory import-certificate --usage sign-in) before refusing its password.");
            }
        }
        jdbc.update("UPDATE node_account SET password_sign_in = ? WHERE address = ?", accepted, normalized);
        DirectoryVersion.bump(jdbc);
    }

    public TrustedOperator addTrustedOperator(String domain, String relay) {
        String normalized = Addresses.normalizeDomain(domain);
        if (directory.isLocalDomain(normalized)) {
            throw new DirectoryException("'" + normalized + "' is one of this node's own domains, not another operator's.");
        }
        Optional<String> checkedRelay = Optional.ofNullable(relay).map(String::trim).filter(r -> !r.isEmpty());
        checkedRelay.ifPresent(r -> {
            if (!RELAY.matcher(r).matches()) {
                throw new DirectoryException("Relay '" + r + "' must be host or host:port.");
            }
        });
        if (directory.trustedOperator(normalized).isPresent()) {
            throw new DirectoryException("'" + normalized + "' is already a trusted operator domain.");
        }
        try {
            // A domain that left the whitelist is still a row: trusting it again by hand revives it.
            if (jdbc.update("UPDATE trusted_operator SET relay = ?, active = TRUE, origin = 'manual' WHERE domain = ?",
                checkedRelay.orElse(null), normalized) == 0) {
                jdbc.update("INSERT INTO trusted_operator (domain, relay, added_at, origin, active) VALUES (?, ?, ?, 'manual', TRUE)",
                    normalized, checkedRelay.orElse(null), Timestamp.from(Instant.now()));
            }
            DirectoryVersion.bump(jdbc);
        } catch (DuplicateKeyException raced) {
            throw new DirectoryException("'" + normalized + "' is already a trusted operator domain.");
        }
        return directory.trustedOperator(normalized).orElseThrow();
    }

    public void removeTrustedOperator(String domain) {
        String normalized = Addresses.normalizeDomain(domain);
        if (jdbc.update("DELETE FROM trusted_operator WHERE domain = ?", normalized) == 0) {
            throw new DirectoryException("'" + normalized + "' is not a trusted operator domain.");
        }
        DirectoryVersion.bump(jdbc);
    }

    private void requireAccount(String address) {
        if (directory.findAccount(address).isEmpty()) {
            throw new DirectoryException("No account for " + address + ".");
        }
    }
}
