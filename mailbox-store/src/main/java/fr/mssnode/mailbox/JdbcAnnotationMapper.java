package fr.mssnode.mailbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.AnnotationMapper;

import com.google.common.base.Preconditions;

/** IMAP METADATA (RFC 5464): annotations on a mailbox, a key and a value each. */
final class JdbcAnnotationMapper implements AnnotationMapper {
    private final StoreDatabase database;

    JdbcAnnotationMapper(StoreDatabase database) {
        this.database = database;
    }

    @Override
    public List<MailboxAnnotation> getAllAnnotations(MailboxId mailboxId) {
        return select(mailboxId, "SELECT annotation_key, annotation_value FROM mailbox_annotation WHERE mailbox_id = ?"
            + " ORDER BY annotation_key");
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeys(MailboxId mailboxId, Set<MailboxAnnotationKey> keys) {
        return getAllAnnotations(mailboxId).stream().filter(annotation -> keys.contains(annotation.getKey())).toList();
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeysWithOneDepth(MailboxId mailboxId, Set<MailboxAnnotationKey> keys) {
        return under(mailboxId, keys, MailboxAnnotationKey::isParentOrIsEqual);
    }

    @Override
    public List<MailboxAnnotation> getAnnotationsByKeysWithAllDepth(MailboxId mailboxId, Set<MailboxAnnotationKey> keys) {
        return under(mailboxId, keys, MailboxAnnotationKey::isAncestorOrIsEqual);
    }

    private List<MailboxAnnotation> under(MailboxId mailboxId, Set<MailboxAnnotationKey> keys,
                                          BiPredicate<MailboxAnnotationKey, MailboxAnnotationKey> within) {
        List<MailboxAnnotation> all = getAllAnnotations(mailboxId);
        List<MailboxAnnotation> found = new ArrayList<>();
        for (MailboxAnnotationKey key : keys) {
            all.stream().filter(annotation -> within.test(key, annotation.getKey())).forEach(found::add);
        }
        return found;
    }

    @Override
    public void deleteAnnotation(MailboxId mailboxId, MailboxAnnotationKey key) {
        update("Deleting an annotation", "DELETE FROM mailbox_annotation WHERE mailbox_id = ? AND annotation_key = ?",
            mailboxId, key.asString());
    }

    @Override
    public void insertAnnotation(MailboxId mailboxId, MailboxAnnotation annotation) {
        Preconditions.checkArgument(!annotation.isNil());
        String value = annotation.getValue().orElseThrow();
        try {
            database.inTransaction("Writing an annotation", connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE mailbox_annotation SET annotation_value = ?"
                    + " WHERE mailbox_id = ? AND annotation_key = ?")) {
                    update.setString(1, value);
                    update.setLong(2, StoreMailboxId.of(mailboxId));
                    update.setString(3, annotation.getKey().asString());
                    if (update.executeUpdate() > 0) {
                        return null;
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO mailbox_annotation (mailbox_id,"
                    + " annotation_key, annotation_value) VALUES (?, ?, ?)")) {
                    insert.setLong(1, StoreMailboxId.of(mailboxId));
                    insert.setString(2, annotation.getKey().asString());
                    insert.setString(3, value);
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (MailboxException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public boolean exist(MailboxId mailboxId, MailboxAnnotation annotation) {
        return getAllAnnotations(mailboxId).stream().anyMatch(found -> found.getKey().equals(annotation.getKey()));
    }

    @Override
    public int countAnnotations(MailboxId mailboxId) {
        return getAllAnnotations(mailboxId).size();
    }

    private List<MailboxAnnotation> select(MailboxId mailboxId, String sql) {
        try {
            return database.inTransaction("Reading annotations", connection -> {
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    select.setLong(1, StoreMailboxId.of(mailboxId));
                    List<MailboxAnnotation> annotations = new ArrayList<>();
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            annotations.add(MailboxAnnotation.newInstance(new MailboxAnnotationKey(rows.getString(1)), rows.getString(2)));
                        }
                    }
                    return annotations;
                }
            });
        } catch (MailboxException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void update(String what, String sql, MailboxId mailboxId, String key) {
        try {
            database.inTransaction(what, connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setLong(1, StoreMailboxId.of(mailboxId));
                    statement.setString(2, key);
                    statement.executeUpdate();
                }
                return null;
            });
        } catch (MailboxException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
