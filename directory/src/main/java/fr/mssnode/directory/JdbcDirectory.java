package fr.mssnode.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/** The directory read from this node's database (tables created by the Flyway migrations in db/migration). */
public class JdbcDirectory implements Directory {
    static final String ACCOUNT_COLUMNS = "id, address, kind, display_name, active, password_hash, created_at,"
        + " password_sign_in";

    private final JdbcTemplate jdbc;
    private final Set<String> localDomains;

    public JdbcDirectory(DataSource dataSource, Set<String> localDomains) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.localDomains = localDomains.stream()
            .map(Addresses::normalizeDomain)
            .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Optional<Account> findAccount(String address) {
        String wanted = address.trim().toLowerCase(Locale.ROOT);
        return jdbc.query("SELECT " + ACCOUNT_COLUMNS + " FROM node_account WHERE address = ?",
            JdbcDirectory::account, wanted).stream().findFirst();
    }

    @Override
    public Set<String> localDomains() {
        return localDomains;
    }

    @Override
    public Optional<TrustedOperator> trustedOperator(String domain) {
        return jdbc.query("SELECT domain, relay, added_at FROM trusted_operator WHERE domain = ? AND active = TRUE",
            JdbcDirectory::operator, domain.trim().toLowerCase(Locale.ROOT)).stream().findFirst();
    }

    @Override
    public List<Account> listAccounts() {
        return jdbc.query("SELECT " + ACCOUNT_COLUMNS + " FROM node_account ORDER BY address", JdbcDirectory::account);
    }

    @Override
    public List<TrustedOperator> listTrustedOperators() {
        return jdbc.query("SELECT domain, relay, added_at FROM trusted_operator WHERE active = TRUE ORDER BY domain",
            JdbcDirectory::operator);
    }

    private static final String MAILBOX_COLUMNS =
        "address, mailbox_type, owner_national_id, structure_id, structure_name, service, active";

    @Override
    public Optional<Mailbox> mailbox(String address) {
        return jdbc.query("SELECT " + MAILBOX_COLUMNS + " FROM mss_mailbox WHERE address = ?", JdbcDirectory::listedMailbox,
            address.trim().toLowerCase(Locale.ROOT)).stream().findFirst();
    }

    @Override
    public List<Mailbox> mailboxesOwnedBy(String nationalId) {
        return jdbc.query("SELECT " + MAILBOX_COLUMNS + " FROM mss_mailbox WHERE owner_national_id = ? ORDER BY address",
            JdbcDirectory::listedMailbox, nationalId);
    }

    private static Mailbox listedMailbox(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Mailbox(rs.getString("address"), MailboxType.valueOf(rs.getString("mailbox_type")),
            Optional.ofNullable(rs.getString("owner_national_id")), rs.getString("structure_id"),
            rs.getString("structure_name"), rs.getString("service"), rs.getBoolean("active"));
    }

    @Override
    public Optional<Professional> professional(String nationalId) {
        List<Activity> activities = jdbc.query("SELECT role_code, role_label, practice_mode, structure_name, finess, siret,"
                + " address, postcode, city, phone, email FROM activity WHERE national_id = ? ORDER BY site_index",
            (rs, row) -> new Activity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11)),
            nationalId);
        return jdbc.query("SELECT national_id, id_type, civility, exercise_title, first_name, last_name, profession_code,"
                + " profession_label, specialty_code, specialty_label, active FROM professional WHERE national_id = ?",
            (rs, row) -> new Professional(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getBoolean(11), activities), nationalId).stream().findFirst();
    }

    static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("address"), AccountKind.valueOf(rs.getString("kind")),
            rs.getString("display_name"), rs.getBoolean("active"), rs.getString("password_hash"),
            rs.getTimestamp("created_at").toInstant(), rs.getBoolean("password_sign_in"));
    }

    static TrustedOperator operator(ResultSet rs, int row) throws SQLException {
        return new TrustedOperator(rs.getString("domain"), Optional.ofNullable(rs.getString("relay")),
            rs.getTimestamp("added_at").toInstant());
    }
}
