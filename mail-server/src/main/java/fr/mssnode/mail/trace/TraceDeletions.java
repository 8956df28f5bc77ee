package fr.mssnode.mail.trace;

import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.events.MailboxEvents;

/**
 * Every message removed from a mailbox (IMAP EXPUNGE, CLOSE, UID EXPUNGE, the source side of a MOVE) is a
 * {@code DELETED} line of the operator's trace: whose mailbox, which folder, which UIDs; never a subject.
 */
public class TraceDeletions implements EventListener.GroupEventListener {
    private static final int UIDS_SHOWN = 20;

    public static class TraceDeletionsGroup extends Group {
    }

    private static final Group GROUP = new TraceDeletionsGroup();

    private final OperatorTrace trace;

    @Inject
    public TraceDeletions(OperatorTrace trace) {
        this.trace = trace;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxEvents.Expunged;
    }

    @Override
    public void event(Event event) {
        if (!(event instanceof MailboxEvents.Expunged expunged) || expunged.getUids().isEmpty()) {
            return;
        }
        String owner = expunged.getMailboxPath().getUser().asString();
        String actor = expunged.getUsername() == null ? owner : expunged.getUsername().asString();
        List<MessageUid> uids = expunged.getUids().stream().sorted().toList();
        String shown = uids.stream().limit(UIDS_SHOWN).map(uid -> String.valueOf(uid.asLong()))
            .collect(Collectors.joining(",")) + (uids.size() > UIDS_SHOWN ? ",..." : "");
        trace.record(actor, null, "MAILBOX", TraceEvent.Action.DELETED, List.of(owner),
            "expunge from " + expunged.getMailboxPath().getName() + " uids " + shown,
            uids.size() + " message" + (uids.size() == 1 ? "" : "s") + " removed");
    }
}
