package fr.mssnode.mail.imap;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.message.response.RecentResponse;
import org.apache.james.mailbox.MessageUid;

import reactor.core.publisher.Mono;

/**
 * {@code * n RECENT} counts only messages the client was told exist (RFC 3501 7.3.2: recent messages are among the
 * existing ones). James 3.8.1 handles a selected mailbox's events one by one on a thread pool, so when clients
 * append and expunge in one mailbox at once two things happen: a message's expunge can be handled before its
 * addition (the message is expunged from the session's view but stays in its recent set for good), and a message
 * can arrive between the {@code EXISTS} and the {@code RECENT} of one answer. Before each RECENT is written, the
 * session's recent set is cleared of messages it no longer has, and RECENT is never more than the {@code EXISTS}
 * just written (the others are told with the next one).
 */
final class RecentAmongExisting implements ImapProcessor {
    private final ImapProcessor james;

    RecentAmongExisting(ImapProcessor james) {
        this.james = james;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        Responder counting = new Responder() {
            private long exists = -1;

            @Override
            public void respond(ImapResponseMessage response) {
                if (response instanceof ExistsResponse told) {
                    exists = told.getNumberOfMessages();
                }
                responder.respond(response instanceof RecentResponse ? recent(session, exists) : response);
            }

            @Override
            public void flush() {
                responder.flush();
            }
        };
        return james.processReactive(message, counting, session);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        james.configure(imapConfiguration);
    }

    /**
     * The recent messages, at most the {@code exists} just written (all the session has when no EXISTS was written).
     * The recent set is swept of expunged messages only when it is larger than the session's view (a sweep looks at
     * every recent message, and a mailbox that keeps receiving has thousands).
     */
    private static RecentResponse recent(ImapSession session, long exists) {
        SelectedMailbox selected = session.getSelected();
        if (selected == null) {
            return new RecentResponse(0);
        }
        if (selected.recentCount() > selected.existsCount()) {
            for (MessageUid uid : selected.getRecent()) {
                if (selected.msn(uid).asInt().isEmpty()) {
                    selected.removeRecent(uid);
                }
            }
        }
        long told = exists >= 0 ? exists : selected.existsCount();
        return new RecentResponse((int) Math.min(selected.recentCount(), told));
    }
}
