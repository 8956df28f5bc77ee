package fr.mssnode.mailbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.SubscriptionException;
import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.apache.james.mailbox.store.user.model.Subscription;

/** IMAP SUBSCRIBE, UNSUBSCRIBE and LSUB: the mailbox names each user subscribed to. */
final class JdbcSubscriptionMapper implements SubscriptionMapper {
    private final StoreDatabase database;

    JdbcSubscriptionMapper(StoreDatabase database) {
        this.database = database;
    }

    @Override
    public void save(Subscription subscription) throws SubscriptionException {
        run("Subscribing to " + subscription.getMailbox(),
            "INSERT INTO mailbox_subscription (user_name, mailbox_name) VALUES (?, ?)", subscription);
    }

    @Override
    public void delete(Subscription subscription) throws SubscriptionException {
        run("Unsubscribing from " + subscription.getMailbox(),
            "DELETE FROM mailbox_subscription WHERE user_name = ? AND mailbox_name = ?", subscription);
    }

    private void run(String what, String sql, Subscription subscription) throws SubscriptionException {
        try {
            database.inTransaction(what, connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, subscription.getUser().asString());
                    statement.setString(2, subscription.getMailbox());
                    statement.executeUpdate();
                } catch (SQLException e) {
                    if (!StoreDatabase.duplicateKey(e)) {
                        throw e;
                    }
                    // Already subscribed.
                }
                return null;
            });
        } catch (MailboxException e) {
            throw new SubscriptionException(e);
        }
    }

    @Override
    public List<Subscription> findSubscriptionsForUser(Username user) throws SubscriptionException {
        try {
            return database.inTransaction("Listing subscriptions", connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                    "SELECT mailbox_name FROM mailbox_subscription WHERE user_name = ? ORDER BY mailbox_name")) {
                    select.setString(1, user.asString());
                    List<Subscription> subscriptions = new ArrayList<>();
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            subscriptions.add(new Subscription(user, rows.getString(1)));
                        }
                    }
                    return subscriptions;
                }
            });
        } catch (MailboxException e) {
            throw new SubscriptionException(e);
        }
    }
}
