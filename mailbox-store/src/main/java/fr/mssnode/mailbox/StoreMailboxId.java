package fr.mssnode.mailbox;

import org.apache.james.mailbox.model.MailboxId;

/** A mailbox's key in the store: its row's number (written as James's JPA store wrote its ids, so they survive the copy). */
public record StoreMailboxId(long value) implements MailboxId {

    public static final class Factory implements MailboxId.Factory {
        @Override
        public MailboxId fromString(String serialized) {
            return of(serialized);
        }
    }

    public static StoreMailboxId of(String serialized) {
        try {
            return new StoreMailboxId(Long.parseLong(serialized.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a mailbox id: " + serialized, e);
        }
    }

    static long of(MailboxId id) {
        if (id instanceof StoreMailboxId stored) {
            return stored.value;
        }
        return of(id.serialize()).value;
    }

    @Override
    public String serialize() {
        return Long.toString(value);
    }

    @Override
    public String toString() {
        return serialize();
    }
}
