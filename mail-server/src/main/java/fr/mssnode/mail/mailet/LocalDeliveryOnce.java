package fr.mssnode.mail.mailet;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.transport.mailets.delivery.MailDispatcher;
import org.apache.james.transport.mailets.delivery.MailStore;
import org.apache.james.transport.mailets.delivery.MailboxAppenderImpl;
import org.apache.james.transport.mailets.delivery.SimpleMailStore;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import fr.mssnode.mail.operations.AcceptedAt;
import fr.mssnode.mail.operations.NodeMeters;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * Stores mail in local INBOXes, as James's LocalDelivery does, but exactly once per mailbox. The spool
 * redelivers a message whose processing was cut short (crash, kill -9); the {@link DeliveryLedger} says which
 * mailboxes already have it, and for a delivery cut in the middle of the append, the mailbox itself is checked
 * for the message's delivery id (header {@value #DELIVERY_ID}).
 */
public class LocalDeliveryOnce extends GenericMailet {
    public static final String DELIVERY_ID = "X-Node-Delivery-Id";
    private static final Logger LOGGER = LoggerFactory.getLogger(LocalDeliveryOnce.class);

    private final UsersRepository users;
    private final MailboxManager mailboxes;
    private final MetricFactory metrics;
    private final DeliveryLedger ledger;
    private final OperatorTrace trace;
    private MailDispatcher dispatcher;

    @Inject
    public LocalDeliveryOnce(UsersRepository users, @Named("mailboxmanager") MailboxManager mailboxes,
                             MetricFactory metrics, DeliveryLedger ledger, OperatorTrace trace) {
        this.trace = trace;
        this.users = users;
        this.mailboxes = mailboxes;
        this.metrics = metrics;
        this.ledger = ledger;
    }

    @Override
    public void init() {
        MailStore inbox = SimpleMailStore.builder()
            .mailboxAppender(new MailboxAppenderImpl(mailboxes))
            .usersRepository(users)
            .folder(MailboxConstants.INBOX)
            .metric(metrics.generate("localDeliveredMails"))
            .build();
        dispatcher = MailDispatcher.builder()
            .mailStore(new OnceOnly(inbox))
            .consume(true)
            .onMailetException(getInitParameter("onMailetException", Mail.ERROR))
            .retries(Integer.parseInt(getInitParameter("retries", "3")))
            .mailetContext(getMailetContext())
            .build();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        mail.getMessage().setHeader(DELIVERY_ID, mail.getName());
        dispatcher.dispatch(mail);
    }

    @Override
    public String getMailetInfo() {
        return "Local delivery, exactly once per mailbox";
    }

    private final class OnceOnly implements MailStore {
        private final MailStore delegate;

        private OnceOnly(MailStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Publisher<Void> storeMail(MailAddress recipient, Mail mail) {
            String spoolId = mail.getName();
            String address = recipient.asString();
            return Mono.fromCallable(() -> alreadyInMailbox(spoolId, recipient))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(present -> {
                    if (present) {
                        LOGGER.info("Mail {} is already in the mailbox of {} (stored before a restart); not storing it twice",
                            spoolId, address);
                        return Mono.<Void>empty();
                    }
                    return Mono.<Void>fromRunnable(() -> ledger.storing(spoolId, address))
                        .then(Mono.from(delegate.storeMail(recipient, mail)))
                        .then(Mono.<Void>fromRunnable(() -> {
                            ledger.stored(spoolId, address);
                            String sender = mail.getMaybeSender().asString();
                            trace.record(address, null, "LOCAL", TraceEvent.Action.DELIVERED, List.of(address, sender),
                                "deliver " + spoolId + " from " + sender, "stored in INBOX");
                            AcceptedAt.since(mail, java.time.Instant.now()).ifPresent(NodeMeters::deliveryLatency);
                        }));
                });
        }

        private boolean alreadyInMailbox(String spoolId, MailAddress recipient) throws MailboxException {
            Optional<DeliveryLedger.Entry> entry = ledger.find(spoolId, recipient.asString());
            if (entry.isEmpty()) {
                return false;
            }
            if (entry.get().state() == DeliveryLedger.State.STORED) {
                return true;
            }
            boolean found = inboxHolds(recipient, spoolId, entry.get().since());
            if (found) {
                ledger.stored(spoolId, recipient.asString());
            }
            return found;
        }

        /** Looks for the delivery id among the INBOX messages that arrived since the interrupted attempt began. */
        private boolean inboxHolds(MailAddress recipient, String spoolId, Instant since) throws MailboxException {
            MailboxSession session = mailboxes.createSystemSession(Username.of(recipient.asString()));
            MessageManager inbox;
            try {
                inbox = mailboxes.getMailbox(MailboxPath.inbox(session), session);
            } catch (MailboxNotFoundException noInboxYet) {
                return false;
            }
            Instant notBefore = since.minusSeconds(60);
            MessageResultIterator messages = inbox.getMessages(MessageRange.all(), FetchGroup.HEADERS, session);
            while (messages.hasNext()) {
                MessageResult message = messages.next();
                if (message.getInternalDate().toInstant().isBefore(notBefore)) {
                    continue;
                }
                Iterator<Header> headers = message.getHeaders().headers();
                while (headers.hasNext()) {
                    Header header = headers.next();
                    if (header.getName().equalsIgnoreCase(DELIVERY_ID) && header.getValue().trim().equals(spoolId)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
