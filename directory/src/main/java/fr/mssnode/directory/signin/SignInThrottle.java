package fr.mssnode.directory.signin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Decides whether a sign-in attempt is checked, and remembers the failures: every way into the node (SMTP AUTH,
 * IMAP LOGIN and AUTHENTICATE, HTTP) asks {@link #before} first and reports the outcome with {@link #failed} or
 * {@link #succeeded}. The counts live in the database, so the operator's {@code account unlock} and a second node
 * see the same state. A sign-in without any failure behind it costs one indexed query.
 */
public class SignInThrottle {
    private static final Logger AUDIT = LoggerFactory.getLogger("fr.mssnode.audit.sign-in");
    private static final int ADDRESS_FAILURES_PER_DOUBLING = 5;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SignInPolicy policy;
    private final Consumer<String> signedIn;

    public SignInThrottle(DataSource dataSource, Clock clock, SignInPolicy policy) {
        this(dataSource, clock, policy, login -> { });
    }

    /** {@code signedIn} hears of every successful sign-in (the mailbox lifecycle remembers the last one). */
    public SignInThrottle(DataSource dataSource, Clock clock, SignInPolicy policy, Consumer<String> signedIn) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.policy = policy;
        this.signedIn = signedIn;
    }

    public SignInPolicy policy() {
        return policy;
    }

    /** Whether the credentials of this attempt may be checked now. */
    public SignInVerdict before(String login, String clientAddress) {
        Instant now = clock.instant();
        Recent recent = recent(login(login), client(clientAddress), now);
        if (recent.loginFailures() > 0) {
            List<Timestamp> lock = jdbc.queryForList("SELECT locked_until FROM sign_in_lock WHERE login = ?"
                + " AND client_address = ? AND locked_until > ?", Timestamp.class, login(login), client(clientAddress),
                Timestamp.from(now));
            if (!lock.isEmpty()) {
                return new SignInVerdict.Locked(lock.get(0).toInstant());
            }
        }
        return waitFor(recent, now);
    }

    /** Records a failed attempt; the verdict for the next one (a lock if this failure was one too many). */
    public SignInVerdict failed(String login, String clientAddress) {
        String who = login(login);
        String from = client(clientAddress);
        Instant now = clock.instant();
        jdbc.update("DELETE FROM sign_in_failure WHERE failed_at <= ?", Timestamp.from(now.minus(policy.window())));
        jdbc.update("INSERT INTO sign_in_failure (login, client_address, failed_at) VALUES (?, ?, ?)", who, from,
            Timestamp.from(now));
        Recent recent = recent(who, from, now);
        if (recent.loginFailures() >= policy.lockAfter()) {
            Instant until = now.plus(policy.lockFor());
            lock(who, from, recent.loginFailures(), now, until);
            AUDIT.warn("sign-in locked: login={} client={} failures={} window={} until={}", who, from,
                recent.loginFailures(), policy.window(), until);
            return new SignInVerdict.Locked(until);
        }
        return waitFor(recent, now);
    }

    /** A successful sign-in clears this login's failures from this address (and nothing else), and is passed on. */
    public void succeeded(String login, String clientAddress) {
        // A read first: most sign-ins have no failure behind them, and a write would make every sign-in of one
        // account (a hospital's many clients) wait for the one before to commit.
        Integer failures = jdbc.queryForObject("SELECT COUNT(*) FROM sign_in_failure WHERE login = ? AND client_address = ?",
            Integer.class, login(login), client(clientAddress));
        if (failures != null && failures > 0) {
            jdbc.update("DELETE FROM sign_in_failure WHERE login = ? AND client_address = ?", login(login), client(clientAddress));
        }
        signedIn.accept(login(login));
    }

    /** Lifts every lock on this login and forgets its failures, from every address: the number of locks lifted. */
    public int unlock(String login) {
        String who = login(login);
        int locks = jdbc.update("DELETE FROM sign_in_lock WHERE login = ? AND locked_until > ?", who,
            Timestamp.from(clock.instant()));
        jdbc.update("DELETE FROM sign_in_lock WHERE login = ?", who);
        jdbc.update("DELETE FROM sign_in_failure WHERE login = ?", who);
        AUDIT.warn("sign-in unlocked: login={} locks={}", who, locks);
        return locks;
    }

    /** The locks in force, for the operator. */
    public List<Lock> locks() {
        return jdbc.query("SELECT login, client_address, failures, locked_at, locked_until FROM sign_in_lock"
                + " WHERE locked_until > ? ORDER BY locked_at DESC",
            (row, n) -> new Lock(row.getString(1), row.getString(2), row.getInt(3), row.getTimestamp(4).toInstant(),
                row.getTimestamp(5).toInstant()),
            Timestamp.from(clock.instant()));
    }

    public record Lock(String login, String clientAddress, int failures, Instant lockedAt, Instant lockedUntil) {
    }

    private record Recent(int addressFailures, Instant lastAddressFailure, int loginFailures, Instant lastLoginFailure) {
    }

    private Recent recent(String login, String client, Instant now) {
        return jdbc.queryForObject("SELECT COUNT(*), MAX(failed_at),"
                + " SUM(CASE WHEN login = ? THEN 1 ELSE 0 END), MAX(CASE WHEN login = ? THEN failed_at ELSE NULL END)"
                + " FROM sign_in_failure WHERE client_address = ? AND failed_at > ?",
            (row, n) -> new Recent(row.getInt(1), instant(row.getTimestamp(2)), row.getInt(3), instant(row.getTimestamp(4))),
            login, login, client, Timestamp.from(now.minus(policy.window())));
    }

    private SignInVerdict waitFor(Recent recent, Instant now) {
        Duration loginWait = remaining(recent.lastLoginFailure(),
            policy.delayFor(recent.loginFailures(), policy.slowAfter(), 1), now);
        Duration addressWait = remaining(recent.lastAddressFailure(),
            policy.delayFor(recent.addressFailures(), policy.addressSlowAfter(), ADDRESS_FAILURES_PER_DOUBLING), now);
        Duration wait = loginWait.compareTo(addressWait) >= 0 ? loginWait : addressWait;
        return wait.isZero() ? SignInVerdict.PROCEED : new SignInVerdict.Wait(wait);
    }

    private static Duration remaining(Instant last, Duration delay, Instant now) {
        if (last == null || delay.isZero()) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, last.plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void lock(String login, String client, int failures, Instant now, Instant until) {
        Object[] values = {failures, Timestamp.from(now), Timestamp.from(until), login, client};
        if (jdbc.update("UPDATE sign_in_lock SET failures = ?, locked_at = ?, locked_until = ? WHERE login = ?"
            + " AND client_address = ?", values) == 0) {
            try {
                jdbc.update("INSERT INTO sign_in_lock (failures, locked_at, locked_until, login, client_address)"
                    + " VALUES (?, ?, ?, ?, ?)", values);
            } catch (DuplicateKeyException raced) {
                jdbc.update("UPDATE sign_in_lock SET failures = ?, locked_at = ?, locked_until = ? WHERE login = ?"
                    + " AND client_address = ?", values);
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String login(String login) {
        String normalized = login == null ? "" : login.trim().toLowerCase(Locale.ROOT);
        return normalized.length() > 320 ? normalized.substring(0, 320) : normalized;
    }

    private static String client(String address) {
        String normalized = address == null ? "unknown" : address.trim();
        return normalized.length() > 64 ? normalized.substring(0, 64) : normalized;
    }
}
