package fr.mssnode.mailbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;

/**
 * A mailbox's last UID and highest mod-sequence, for James's components that ask for them on their own. The message
 * mapper takes them itself, in the transaction that stores or changes a message.
 */
final class MailboxSequences implements UidProvider, ModSeqProvider {
    private final StoreDatabase database;

    MailboxSequences(StoreDatabase database) {
        this.database = database;
    }

    @Override
    public MessageUid nextUid(Mailbox mailbox) throws MailboxException {
        return nextUid(mailbox.getMailboxId());
    }

    @Override
    public MessageUid nextUid(MailboxId mailboxId) throws MailboxException {
        return MessageUid.of(take(mailboxId, "last_uid"));
    }

    @Override
    public Optional<MessageUid> lastUid(Mailbox mailbox) throws MailboxException {
        long last = read(mailbox.getMailboxId(), "last_uid");
        return last == 0 ? Optional.empty() : Optional.of(MessageUid.of(last));
    }

    @Override
    public ModSeq nextModSeq(Mailbox mailbox) throws MailboxException {
        return nextModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq nextModSeq(MailboxId mailboxId) throws MailboxException {
        return ModSeq.of(take(mailboxId, "highest_modseq"));
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) throws MailboxException {
        return highestModSeq(mailbox.getMailboxId());
    }

    @Override
    public ModSeq highestModSeq(MailboxId mailboxId) throws MailboxException {
        return ModSeq.of(read(mailboxId, "highest_modseq"));
    }

    private long take(MailboxId mailboxId, String column) throws MailboxException {
        return database.inTransaction("Taking the next " + column + " of mailbox " + mailboxId.serialize(), connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE mailbox SET " + column + " = " + column + " + 1 WHERE mailbox_id = ?")) {
                update.setLong(1, StoreMailboxId.of(mailboxId));
                if (update.executeUpdate() == 0) {
                    throw new MailboxNotFoundException(mailboxId);
                }
            }
            return value(connection, mailboxId, column);
        });
    }

    private long read(MailboxId mailboxId, String column) throws MailboxException {
        return database.inTransaction("Reading the " + column + " of mailbox " + mailboxId.serialize(),
            connection -> value(connection, mailboxId, column));
    }

    private static long value(java.sql.Connection connection, MailboxId mailboxId, String column) throws java.sql.SQLException,
        MailboxException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + column + " FROM mailbox WHERE mailbox_id = ?")) {
            select.setLong(1, StoreMailboxId.of(mailboxId));
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new MailboxNotFoundException(mailboxId);
                }
                return row.getLong(1);
            }
        }
    }
}
