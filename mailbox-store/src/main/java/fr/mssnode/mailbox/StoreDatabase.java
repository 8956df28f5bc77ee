package fr.mssnode.mailbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.apache.james.mailbox.exception.MailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox store's way to its tables: every unit of work is one transaction on a pooled connection, committed
 * at its end and run again when it lost a conflict with another session's (several people on one organisation
 * mailbox flag, expunge and append at once; the database then makes one of two transactions fail: a deadlock, a
 * serialisation failure, a lock timeout). The client's command never sees such a failure; any other is reported
 * as a {@link MailboxException} naming what was being done.
 */
public final class StoreDatabase {
    private static final Logger LOGGER = LoggerFactory.getLogger(StoreDatabase.class);
    static final int ATTEMPTS = 8;

    public enum Vendor { POSTGRESQL, DERBY }

    /** A unit of work on one connection, inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException, MailboxException;
    }

    private final DataSource dataSource;
    private final Vendor vendor;

    public StoreDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                vendor = Vendor.POSTGRESQL;
            } else if (product.contains("derby")) {
                vendor = Vendor.DERBY;
            } else {
                throw new IllegalStateException("The mailbox store runs on PostgreSQL or Derby, not " + product);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The mailbox store cannot reach its database: " + e.getMessage(), e);
        }
    }

    public Vendor vendor() {
        return vendor;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs the work in a transaction and commits it; runs it again (up to {@value #ATTEMPTS} times, after a short
     * random pause) when the database chose it as the loser of a conflict. The work may roll back itself (nothing to
     * change); committing is then a no-op.
     */
    public <T> T inTransaction(String what, Work<T> work) throws MailboxException {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | MailboxException | RuntimeException e) {
                    rollbackQuietly(connection);
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !lostAConflict(e)) {
                    throw new MailboxException(what + " failed: " + e.getMessage(), e);
                }
                LOGGER.debug("{}: lost a conflict with another session (attempt {}), run again", what, attempt, e);
                pause(attempt);
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOGGER.debug("Rollback failed", e);
        }
    }

    /** SQL state class 40 (transaction rollback: 40001 serialisation failure or Derby's deadlock, 40P01 PostgreSQL's deadlock, 40XL1/40XL2 Derby's lock timeouts). */
    static boolean lostAConflict(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null && next.getSQLState().startsWith("40")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A unique key refused a second row (SQL state 23505 on both databases). */
    static boolean duplicateKey(SQLException failure) {
        for (SQLException next = failure; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
