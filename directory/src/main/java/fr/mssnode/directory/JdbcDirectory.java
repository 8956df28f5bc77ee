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
    static final String ACCOUNT_COLUMNS = "id, address, kind, display_name, active, password_hash, created_at";

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
        return jdbc.query("SELECT domain, relay, added_at FROM trusted_operator WHERE domain = ?",
            JdbcDirectory::operator, domain.trim().toLowerCase(Locale.ROOT)).stream().findFirst();
    }

    @Override
    public List<Account> listAccounts() {
        return jdbc.query("SELECT " + ACCOUNT_COLUMNS + " FROM node_account ORDER BY address", JdbcDirectory::account);
    }

    @Override
    public List<TrustedOperator> listTrustedOperators() {
        return jdbc.query("SELECT domain, relay, added_at FROM trusted_operator ORDER BY domain", JdbcDirectory::operator);
    }

    static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("address"), AccountKind.valueOf(rs.getString("kind")),
            rs.getString("display_name"), rs.getBoolean("active"), rs.getString("password_hash"),
            rs.getTimestamp("created_at").toInstant());
    }

    static TrustedOperator operator(ResultSet rs, int row) throws SQLException {
        return new TrustedOperator(rs.getString("domain"), Optional.ofNullable(rs.getString("relay")),
            rs.getTimestamp("added_at").toInstant());
    }
}
