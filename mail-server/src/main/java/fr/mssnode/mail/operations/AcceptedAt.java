package fr.mssnode.mail.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/** When a message was accepted into the spool, carried as a mail attribute so its delivery can be timed. */
public final class AcceptedAt {
    static final AttributeName NAME = AttributeName.of("fr.mssnode.accepted-at");

    private AcceptedAt() {
    }

    public static void stamp(Mail mail, Instant at) {
        mail.setAttribute(new Attribute(NAME, AttributeValue.of(at.toEpochMilli())));
    }

    /** How long ago the message was accepted; empty for what the node made itself (notices, copies). */
    public static Optional<Duration> since(Mail mail, Instant now) {
        return mail.getAttribute(NAME).flatMap(attribute -> attribute.getValue().valueAs(Long.class))
            .map(millis -> Duration.between(Instant.ofEpochMilli(millis), now)).filter(d -> !d.isNegative());
    }
}
