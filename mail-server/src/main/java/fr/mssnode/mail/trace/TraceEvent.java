package fr.mssnode.mail.trace;

import java.time.Instant;
import java.util.List;

/**
 * One line of the operator's trace: when, who (the authenticated identity, or {@code anonymous}), from which client
 * address, over which protocol, the action, the addresses it concerns, what was asked and what the node answered.
 * Never message content: a request is a command and its addresses, an answer a status line.
 */
public record TraceEvent(Instant at, String actor, String clientAddress, String protocol, Action action,
                         List<String> concerns, String request, String answer) {

    public enum Action { SIGN_IN, SIGN_IN_FAILED, SIGN_IN_REFUSED, MAIL_ACCEPTED, MAIL_REFUSED, DELIVERED, RELAYED,
        DELETED, ADMIN, MAILBOX_WARNED, MAILBOX_CLOSED }

    public TraceEvent {
        concerns = List.copyOf(concerns);
    }
}
