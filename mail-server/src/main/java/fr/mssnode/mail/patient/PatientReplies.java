package fr.mssnode.mail.patient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.GuiceJamesServer;
import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.Addresses;
import fr.mssnode.mail.james.JamesMailServer;
import fr.mssnode.mail.james.MailetContextProbe;
import fr.mssnode.mail.james.SpoolProbe;
import fr.mssnode.mail.operations.AcceptedAt;
import fr.mssnode.mail.submission.SubmissionRefusal;
import fr.mssnode.mail.submission.SubmissionRules;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * A patient answers, from the web space, a message of their secure inbox. The answer is submitted as their mail
 * client would submit it: the same {@link SubmissionRules} (their own address, a professional who wrote to them and
 * has not ended the conversation, a recipient inside the espace de confiance), the same back pressure, then the
 * node's spool with the patient as the authenticated sender, so the pipeline signs, files, traces and delivers it
 * like any submission. A copy is kept in their Sent folder.
 */
public class PatientReplies {
    /** The longest answer taken, in characters. */
    public static final int MAX_TEXT = 20_000;
    /** How much of the message answered is quoted below the answer, in characters. */
    static final int MAX_QUOTED = 20_000;
    /** The mail attribute James's SMTP server sets to the authenticated account of a submission. */
    static final AttributeName AUTHENTICATED_USER = AttributeName.of("org.apache.james.SMTPAuthUser");
    private static final Logger LOGGER = LoggerFactory.getLogger(PatientReplies.class);
    private static final DateTimeFormatter WROTE = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", Locale.FRENCH)
        .withZone(ZoneId.of("Europe/Paris"));

    private final JamesMailServer james;
    private final SecureInbox inbox;
    private final SubmissionRules rules;
    private final OperatorTrace trace;

    public PatientReplies(JamesMailServer james, SecureInbox inbox, SubmissionRules rules, OperatorTrace trace) {
        this.james = james;
        this.inbox = inbox;
        this.rules = rules;
        this.trace = trace;
    }

    /** The answer could not be sent: the rule that refused it. Nothing was queued. */
    public static final class ReplyRefused extends RuntimeException {
        private final SubmissionRefusal refusal;
        private final String recipient;

        public ReplyRefused(SubmissionRefusal refusal, String recipient) {
            super(refusal.sentence());
            this.refusal = refusal;
            this.recipient = recipient;
        }

        public SubmissionRefusal refusal() {
            return refusal;
        }

        /** The address the answer was for. */
        public String recipient() {
            return recipient;
        }
    }

    /** What was queued: to whom, under which subject and Message-ID. */
    public record Sent(String to, String subject, String messageId) {
    }

    /** Why this patient may not answer the message they are reading; empty when they may. */
    public Optional<SubmissionRefusal> whyNot(Account patient, SecureInbox.Reading message) {
        if (message.fromAddress().isEmpty()) {
            return Optional.of(SubmissionRefusal.permanent(SubmissionRefusal.Rule.RECIPIENT_MALFORMED, "553", "5.1.3",
                "This message has no sender address to answer."));
        }
        return rules.submission(patient.address(), patient.address(), message.fromAddress());
    }

    /**
     * Answers message {@code uid} of the patient's inbox with {@code text}; {@code clientAddress} is the browser's, for
     * the operator's trace. Throws {@link ReplyRefused} when a rule refuses it, {@link IllegalArgumentException} for
     * an empty or too long text, {@link java.util.NoSuchElementException} when the inbox holds no such message.
     */
    public Sent reply(Account patient, long uid, String text, String clientAddress) {
        String answer = text == null ? "" : text.strip();
        if (answer.isEmpty()) {
            throw new IllegalArgumentException("The answer is empty.");
        }
        if (answer.length() > MAX_TEXT) {
            throw new IllegalArgumentException("The answer is longer than " + MAX_TEXT + " characters.");
        }
        SecureInbox.Reading original = inbox.read(patient.address(), uid)
            .orElseThrow(() -> new java.util.NoSuchElementException("No message " + uid + " in this inbox."));
        String request = "web reply to message " + uid + ": MAIL FROM:<" + patient.address() + "> RCPT TO:["
            + original.fromAddress() + "]";
        Optional<SubmissionRefusal> refusal = whyNot(patient, original).or(this::spoolFull);
        if (refusal.isPresent()) {
            trace.record(patient.address(), clientAddress, "HTTPS", TraceEvent.Action.MAIL_REFUSED,
                concerns(patient, original), request, refusal.get().replyCode() + " " + refusal.get().enhancedStatus() + " "
                    + refusal.get().sentence());
            throw new ReplyRefused(refusal.get(), original.fromAddress());
        }
        try {
            MimeMessage message = compose(patient, original, answer);
            byte[] bytes = bytesOf(message);
            GuiceJamesServer server = running();
            MailImpl mail = MailImpl.builder()
                .name(MailImpl.getId())
                .sender(new MailAddress(patient.address()))
                .addRecipient(new MailAddress(original.fromAddress()))
                .mimeMessage(message)
                .addAttribute(new Attribute(AUTHENTICATED_USER, AttributeValue.of(patient.address())))
                .remoteAddr(clientAddress)
                .remoteHost(clientAddress)
                .build();
            AcceptedAt.stamp(mail, java.time.Instant.now());
            try {
                server.getProbe(MailetContextProbe.class).context().sendMail(mail);
            } finally {
                mail.dispose();
            }
            server.getProbe(SpoolProbe.class).pressure().accepted();
            trace.record(patient.address(), clientAddress, "HTTPS", TraceEvent.Action.MAIL_ACCEPTED,
                concerns(patient, original), request + " (" + bytes.length + " bytes)", "250 2.0.0 queued");
            keepSent(patient, bytes);
            return new Sent(original.fromAddress(), message.getSubject(), message.getMessageID());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("The answer to message " + uid + " could not be queued: " + e.getMessage(), e);
        }
    }

    private Optional<SubmissionRefusal> spoolFull() {
        return running().getProbe(SpoolProbe.class).pressure().refusal()
            .map(reason -> SubmissionRefusal.temporary(SubmissionRefusal.Rule.SPOOL_FULL, "4.3.2", reason));
    }

    private GuiceJamesServer running() {
        GuiceJamesServer server = james.server();
        if (server == null) {
            throw new IllegalStateException("The mail server is not running: the answer cannot be sent.");
        }
        return server;
    }

    /** The sent copy is a convenience: the answer is already queued when it fails, so it is logged, not thrown. */
    private void keepSent(Account patient, byte[] bytes) {
        try {
            inbox.keepSent(patient.address(), bytes);
        } catch (RuntimeException e) {
            LOGGER.warn("Answer of {} queued, but its copy could not be kept in the Sent folder", patient.address(), e);
        }
    }

    private static List<String> concerns(Account patient, SecureInbox.Reading original) {
        return original.fromAddress().isEmpty() ? List.of(patient.address()) : List.of(patient.address(), original.fromAddress());
    }

    static MimeMessage compose(Account patient, SecureInbox.Reading original, String answer)
        throws MessagingException, UnsupportedEncodingException {
        String domain = Addresses.domainOf(patient.address());
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">");
            }
        };
        String name = patient.displayName() == null ? "" : patient.displayName().strip();
        message.setFrom(name.isEmpty() ? new InternetAddress(patient.address())
            : new InternetAddress(patient.address(), name, "UTF-8"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(original.fromAddress()));
        message.setSubject(replySubject(original.subject()), "UTF-8");
        message.setSentDate(new Date());
        if (!original.messageId().isBlank()) {
            message.setHeader("In-Reply-To", original.messageId().strip());
            String references = (original.references().strip() + " " + original.messageId().strip()).strip();
            message.setHeader("References", references);
        }
        message.setText(answer + "\n\n" + quoted(original), "UTF-8");
        message.saveChanges();
        return message;
    }

    static String replySubject(String subject) {
        String s = subject == null ? "" : subject.strip();
        return s.regionMatches(true, 0, "Re:", 0, 3) ? s : ("Re: " + s).strip();
    }

    private static String quoted(SecureInbox.Reading original) {
        String text = original.text().length() > MAX_QUOTED ? original.text().substring(0, MAX_QUOTED) + "\n[…]" : original.text();
        StringBuilder quoted = new StringBuilder("Le ").append(WROTE.format(original.received())).append(", ")
            .append(original.from()).append(" a écrit :\n");
        text.lines().forEach(line -> quoted.append('>').append(line.isEmpty() ? "" : " ").append(line).append('\n'));
        return quoted.toString();
    }

    private static byte[] bytesOf(MimeMessage message) throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }
}
