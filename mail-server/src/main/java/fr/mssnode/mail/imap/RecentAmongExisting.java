package fr.mssnode.mail.imap;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.response.RecentResponse;
import org.apache.james.mailbox.MessageUid;

import reactor.core.publisher.Mono;

/**
 * {@code * n RECENT} counts only messages the session can see (RFC 3501 7.3.2: recent messages are among the
 * existing ones). James 3.8.1 handles a selected mailbox's events one by one on a thread pool, so when clients
 * append and expunge in one mailbox at once a message's expunge can be handled before its addition: the message is
 * then expunged from the session's view but stays in its recent set for good, and RECENT grows above EXISTS. Before
 * each RECENT is written, the session's recent set is cleared of messages it no longer has.
 */
final class RecentAmongExisting implements ImapProcessor {
    private final ImapProcessor james;

    RecentAmongExisting(ImapProcessor james) {
        this.james = james;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        Responder counting = new Responder() {
            @Override
            public void respond(ImapResponseMessage response) {
                responder.respond(response instanceof RecentResponse ? recent(session) : response);
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

    private static RecentResponse recent(ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        if (selected == null) {
            return new RecentResponse(0);
        }
        for (MessageUid uid : selected.getRecent()) {
            if (selected.msn(uid).asInt().isEmpty()) {
                selected.removeRecent(uid);
            }
        }
        return new RecentResponse(selected.recentCount());
    }
}
