package fr.mssnode.directory.lifecycle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.DirectoryVersion;

/**
 * Mailboxes nobody uses any more: every successful sign-in is remembered ({@link #signedIn}); a mailbox of the
 * policy's kinds without one for {@code closeAfter - warnBefore} is due a warning, and once warned at least
 * {@code warnBefore} ago and idle for {@code closeAfter}, it is due to be closed (disabled: mail to it is refused,
 * nothing it holds is deleted, {@code account enable} opens it again). Which mailboxes are due is decided here; the
 * node sends the warnings.
 */
public class MailboxLifecycle {
    private static final Logger AUDIT = LoggerFactory.getLogger("fr.mssnode.audit.lifecycle");
    /** A mailbox signed in to all day long is written at most once an hour. */
    private static final Duration SIGN_IN_PRECISION = Duration.ofHours(1);
    private static final String COLUMNS = "address, kind, display_name, last_sign_in_at, created_at, inactivity_warned_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final LifecyclePolicy policy;
    /** Sign-ins this node wrote in the last hour: the next ones of that hour write nothing (not even a lock). */
    private final java.util.Map<String, Instant> recentlyWritten = new java.util.concurrent.ConcurrentHashMap<>();

    public MailboxLifecycle(DataSource dataSource, Clock clock, LifecyclePolicy policy) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.policy = policy;
    }

    public LifecyclePolicy policy() {
        return policy;
    }

    /** A successful sign-in as {@code login}: the mailbox is in use, and any warning is void. */
    public void signedIn(String login) {
        if (login == null || login.isBlank()) {
            return;
        }
        String address = login.trim().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Instant written = recentlyWritten.get(address);
        if (written != null && written.isAfter(now.minus(SIGN_IN_PRECISION))) {
            return;
        }
        jdbc.update("UPDATE node_account SET last_sign_in_at = ?, inactivity_warned_at = NULL WHERE address = ?"
                + " AND (last_sign_in_at IS NULL OR last_sign_in_at < ? OR inactivity_warned_at IS NOT NULL)",
            Timestamp.from(now), address, Timestamp.from(now.minus(SIGN_IN_PRECISION)));
        if (recentlyWritten.size() > 100_000) {
            recentlyWritten.clear();
        }
        recentlyWritten.put(address, now);
    }

    /** Open mailboxes of every kind not used for {@code idle} or longer, the longest idle first. */
    public List<IdleMailbox> idleFor(Duration idle) {
        Timestamp before = Timestamp.from(clock.instant().minus(idle));
        return jdbc.query("SELECT " + COLUMNS + " FROM node_account WHERE active = TRUE AND"
                + " ((last_sign_in_at IS NULL AND created_at <= ?) OR last_sign_in_at <= ?)"
                + " ORDER BY COALESCE(last_sign_in_at, created_at), address",
            (row, n) -> idle(row), before, before);
    }

    /** What the policy asks for now: the owners to warn and the mailboxes to close. */
    public Due due() {
        Instant now = clock.instant();
        List<IdleMailbox> toWarn = new ArrayList<>();
        List<IdleMailbox> toClose = new ArrayList<>();
        for (IdleMailbox mailbox : idleFor(policy.warnAfter())) {
            if (!policy.kinds().contains(mailbox.kind())) {
                continue;
            }
            Optional<Instant> warned = mailbox.warnedAt().filter(at -> !at.isBefore(mailbox.lastUsed()));
            if (warned.isEmpty()) {
                toWarn.add(mailbox);
            } else if (!mailbox.lastUsed().isAfter(now.minus(policy.closeAfter()))
                && !warned.get().isAfter(now.minus(policy.warnBefore()))) {
                toClose.add(mailbox);
            }
        }
        return new Due(toWarn, toClose);
    }

    /** The owner of this mailbox was told it will be closed. */
    public void warned(IdleMailbox mailbox) {
        jdbc.update("UPDATE node_account SET inactivity_warned_at = ? WHERE address = ?", Timestamp.from(clock.instant()),
            mailbox.address());
        AUDIT.info("mailbox warned: address={} last-used={} closes-after={}", mailbox.address(), mailbox.lastUsed(),
            policy.warnBefore());
    }

    /**
     * Closes (disables) the mailbox, unless it was signed in to since it was found due: whether it was closed.
     */
    public boolean close(IdleMailbox mailbox) {
        Instant lastUsed = mailbox.lastUsed();
        int closed = jdbc.update("UPDATE node_account SET active = FALSE WHERE address = ? AND active = TRUE"
                + " AND inactivity_warned_at IS NOT NULL AND (last_sign_in_at IS NULL OR last_sign_in_at <= ?)",
            mailbox.address(), Timestamp.from(lastUsed));
        if (closed == 0) {
            return false;
        }
        DirectoryVersion.bump(jdbc);
        AUDIT.warn("mailbox closed for want of use: address={} last-used={} warned={}", mailbox.address(), lastUsed,
            mailbox.warnedAt().orElse(null));
        return true;
    }

    /** The date a warned mailbox will be closed if nobody signs in to it. */
    public Instant closingDate(IdleMailbox mailbox) {
        Instant byIdleness = mailbox.lastUsed().plus(policy.closeAfter());
        Instant byWarning = clock.instant().plus(policy.warnBefore());
        return byIdleness.isAfter(byWarning) ? byIdleness : byWarning;
    }

    /** Owners to warn now, and mailboxes to close now. */
    public record Due(List<IdleMailbox> toWarn, List<IdleMailbox> toClose) {
        public Due {
            toWarn = List.copyOf(toWarn);
            toClose = List.copyOf(toClose);
        }
    }

    private static IdleMailbox idle(ResultSet row) throws SQLException {
        return new IdleMailbox(row.getString("address"), AccountKind.valueOf(row.getString("kind")),
            row.getString("display_name"), instant(row.getTimestamp("last_sign_in_at")),
            row.getTimestamp("created_at").toInstant(), instant(row.getTimestamp("inactivity_warned_at")));
    }

    private static Optional<Instant> instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }
}
