package fr.mssnode.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxACL.Right;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.mailbox.store.MailboxExpressionBackwardCompatibility;
import org.apache.james.mailbox.store.mail.MailboxMapper;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Mailboxes (a user's INBOX, Sent, folders) in the {@code mailbox} table. Each call is its own transaction. Access
 * rights are not stored (as in James's JPA store: every mailbox is its owner's only).
 */
final class JdbcMailboxMapper implements MailboxMapper {
    private static final String COLUMNS = "mailbox_id, namespace, user_name, name, uid_validity";

    private final StoreDatabase database;

    JdbcMailboxMapper(StoreDatabase database) {
        this.database = database;
    }

    @Override
    public Mono<Mailbox> create(MailboxPath path, UidValidity uidValidity) {
        return blocking(() -> database.inTransaction("Creating mailbox " + path.getName(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO mailbox (namespace, user_name, name,"
                + " uid_validity, last_uid, highest_modseq) VALUES (?, ?, ?, ?, 0, 0)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, path.getNamespace());
                insert.setString(2, user(path.getUser()));
                insert.setString(3, path.getName());
                insert.setLong(4, uidValidity.asLong());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return new Mailbox(path, uidValidity, new StoreMailboxId(keys.getLong(1)));
                }
            } catch (SQLException e) {
                if (StoreDatabase.duplicateKey(e)) {
                    throw new MailboxExistsException(path.getName());
                }
                throw e;
            }
        }));
    }

    @Override
    public Mono<MailboxId> rename(Mailbox mailbox) {
        return blocking(() -> database.inTransaction("Renaming mailbox " + mailbox.getName(), connection -> {
            if (one(connection, "SELECT " + COLUMNS + " FROM mailbox WHERE user_name = ? AND namespace = ? AND name = ?",
                user(mailbox.getUser()), mailbox.getNamespace(), mailbox.getName()).isPresent()) {
                throw new MailboxExistsException(mailbox.getName());
            }
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE mailbox SET namespace = ?, user_name = ?, name = ? WHERE mailbox_id = ?")) {
                update.setString(1, mailbox.getNamespace());
                update.setString(2, user(mailbox.getUser()));
                update.setString(3, mailbox.getName());
                update.setLong(4, StoreMailboxId.of(mailbox.getMailboxId()));
                if (update.executeUpdate() == 0) {
                    throw new MailboxNotFoundException(mailbox.getMailboxId());
                }
                return mailbox.getMailboxId();
            } catch (SQLException e) {
                if (StoreDatabase.duplicateKey(e)) {
                    throw new MailboxExistsException(mailbox.getName());
                }
                throw e;
            }
        }));
    }

    /** The mailbox, its annotations and (by the foreign key's cascade) its messages. */
    @Override
    public Mono<Void> delete(Mailbox mailbox) {
        return blocking(() -> database.inTransaction("Deleting mailbox " + mailbox.getName(), connection -> {
            for (String table : List.of("mailbox_annotation", "mailbox")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE mailbox_id = ?")) {
                    delete.setLong(1, StoreMailboxId.of(mailbox.getMailboxId()));
                    delete.executeUpdate();
                }
            }
            return true;
        })).then();
    }

    @Override
    public Mono<Mailbox> findMailboxByPath(MailboxPath path) {
        return blocking(() -> database.inTransaction("Finding mailbox " + path.getName(), connection ->
            one(connection, "SELECT " + COLUMNS + " FROM mailbox WHERE user_name = ? AND namespace = ? AND name = ?",
                user(path.getUser()), path.getNamespace(), path.getName())).orElse(null));
    }

    @Override
    public Mono<Mailbox> findMailboxById(MailboxId id) {
        return blocking(() -> database.inTransaction("Finding mailbox " + id.serialize(), connection ->
            one(connection, "SELECT " + COLUMNS + " FROM mailbox WHERE mailbox_id = ?", StoreMailboxId.of(id)))
            .orElseThrow(() -> new MailboxNotFoundException(id)));
    }

    @Override
    public Flux<Mailbox> findNonPersonalMailboxes(Username userName, Right right) {
        return Flux.empty();
    }

    @Override
    public Flux<Mailbox> findMailboxWithPathLike(MailboxQuery.UserBound query) {
        String pathLike = MailboxExpressionBackwardCompatibility.getPathLike(query);
        return blocking(() -> database.inTransaction("Listing mailboxes", connection ->
            all(connection, "SELECT " + COLUMNS + " FROM mailbox WHERE user_name = ? AND namespace = ? AND name LIKE ?",
                user(query.getFixedUser()), query.getFixedNamespace(), pathLike)))
            .flatMapIterable(mailboxes -> mailboxes)
            .filter(query::matches);
    }

    @Override
    public Mono<Boolean> hasChildren(Mailbox mailbox, char delimiter) {
        String children = escapeLike(mailbox.getName()) + escapeLike(String.valueOf(delimiter)) + "%";
        return blocking(() -> database.inTransaction("Looking for children of " + mailbox.getName(), connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM mailbox WHERE user_name = ?"
                + " AND namespace = ? AND name LIKE ? ESCAPE '\\'")) {
                select.setString(1, user(mailbox.getUser()));
                select.setString(2, mailbox.getNamespace());
                select.setString(3, children);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1) > 0;
                }
            }
        }));
    }

    @Override
    public Mono<ACLDiff> updateACL(Mailbox mailbox, MailboxACL.ACLCommand command) {
        return Mono.fromCallable(() -> {
            MailboxACL before = mailbox.getACL();
            MailboxACL after = before.apply(command);
            mailbox.setACL(after);
            return ACLDiff.computeDiff(before, after);
        });
    }

    @Override
    public Mono<ACLDiff> setACL(Mailbox mailbox, MailboxACL acl) {
        return Mono.fromCallable(() -> {
            MailboxACL before = mailbox.getACL();
            mailbox.setACL(acl);
            return ACLDiff.computeDiff(before, acl);
        });
    }

    @Override
    public Flux<Mailbox> list() {
        return blocking(() -> database.inTransaction("Listing mailboxes", connection ->
            all(connection, "SELECT " + COLUMNS + " FROM mailbox ORDER BY mailbox_id")))
            .flatMapIterable(mailboxes -> mailboxes);
    }

    private interface Call<T> {
        T call() throws MailboxException;
    }

    private static <T> Mono<T> blocking(Call<T> call) {
        return Mono.fromCallable(call::call).subscribeOn(Schedulers.boundedElastic());
    }

    private Optional<Mailbox> one(Connection connection, String sql, Object... parameters) throws SQLException {
        List<Mailbox> found = all(connection, sql, parameters);
        return found.stream().findFirst();
    }

    private List<Mailbox> all(Connection connection, String sql, Object... parameters) throws SQLException {
        List<Mailbox> mailboxes = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    mailboxes.add(mailbox(connection, rows));
                }
            }
        }
        return mailboxes;
    }

    private Mailbox mailbox(Connection connection, ResultSet row) throws SQLException {
        long id = row.getLong("mailbox_id");
        String user = row.getString("user_name");
        MailboxPath path = new MailboxPath(row.getString("namespace"), user.isEmpty() ? null : Username.of(user),
            row.getString("name"));
        return new Mailbox(path, uidValidity(connection, id, row.getLong("uid_validity")), new StoreMailboxId(id));
    }

    /** A UIDVALIDITY IMAP cannot carry (an old or hand-made row) is replaced, once, by a valid one. */
    private static UidValidity uidValidity(Connection connection, long mailbox, long stored) throws SQLException {
        if (UidValidity.isValid(stored)) {
            return UidValidity.of(stored);
        }
        UidValidity valid = UidValidity.generate();
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE mailbox SET uid_validity = ? WHERE mailbox_id = ? AND uid_validity = ?")) {
            update.setLong(1, valid.asLong());
            update.setLong(2, mailbox);
            update.setLong(3, stored);
            if (update.executeUpdate() == 1) {
                return valid;
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT uid_validity FROM mailbox WHERE mailbox_id = ?")) {
            select.setLong(1, mailbox);
            try (ResultSet row = select.executeQuery()) {
                // Another session replaced it first: theirs is the one kept.
                return row.next() && UidValidity.isValid(row.getLong(1)) ? UidValidity.of(row.getLong(1)) : valid;
            }
        }
    }

    /** Mailboxes without an owner (none today) are stored with an empty user name. */
    static String user(Username user) {
        return user == null ? "" : user.asString();
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
