package fr.mssnode.mail.patient;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;

import fr.mssnode.mail.james.JamesMailServer;
import fr.mssnode.mail.james.MailboxesProbe;
import fr.mssnode.mail.search.IndexedMessage;
import fr.mssnode.mail.search.MessageTextReader;

/**
 * A patient's secure inbox as the web space shows it, read through the node's own mailboxes (the same messages
 * IMAP serves): the letters and notices, newest first, and one of them read (marked as read, as a mail client does).
 */
public class SecureInbox {
    /** The inbox page lists at most this many messages, newest first. */
    public static final int MAX_LISTED = 500;

    private final JamesMailServer mailServer;

    public SecureInbox(JamesMailServer mailServer) {
        this.mailServer = mailServer;
    }

    /** A message as a line of the inbox. */
    public record Letter(long uid, Instant received, String from, String subject, boolean read) {
    }

    /** A message opened: who, what, when, its text and the names of what it carries. */
    public record Reading(long uid, Instant received, String from, String subject, String text, List<String> attachments) {
    }

    public List<Letter> letters(String address) {
        try {
            MailboxManager mailboxes = mailboxes();
            MailboxSession session = mailboxes.createSystemSession(Username.of(address));
            Optional<MessageManager> inbox = inbox(mailboxes, session);
            if (inbox.isEmpty()) {
                return List.of();
            }
            List<Letter> letters = new ArrayList<>();
            Iterator<MessageResult> messages = inbox.get().getMessages(MessageRange.all(), FetchGroup.HEADERS, session);
            while (messages.hasNext()) {
                MessageResult message = messages.next();
                String from = "";
                String subject = "";
                Iterator<org.apache.james.mailbox.model.Header> headers = message.getHeaders().headers();
                while (headers.hasNext()) {
                    org.apache.james.mailbox.model.Header header = headers.next();
                    if (from.isEmpty() && header.getName().equalsIgnoreCase("From")) {
                        from = decoded(header.getValue());
                    } else if (subject.isEmpty() && header.getName().equalsIgnoreCase("Subject")) {
                        subject = decoded(header.getValue());
                    }
                }
                letters.add(new Letter(message.getUid().asLong(), message.getInternalDate().toInstant(), from, subject,
                    message.getFlags().contains(Flags.Flag.SEEN)));
            }
            letters.sort(Comparator.comparing(Letter::received).reversed());
            return letters.size() > MAX_LISTED ? letters.subList(0, MAX_LISTED) : letters;
        } catch (MailboxException e) {
            throw new IllegalStateException("The secure inbox of " + address + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The message, marked as read; empty when the inbox holds no such message. */
    public Optional<Reading> read(String address, long uid) {
        try {
            MailboxManager mailboxes = mailboxes();
            MailboxSession session = mailboxes.createSystemSession(Username.of(address));
            Optional<MessageManager> inbox = inbox(mailboxes, session);
            if (inbox.isEmpty() || uid < 1) {
                return Optional.empty();
            }
            MessageRange one = MessageRange.one(MessageUid.of(uid));
            Iterator<MessageResult> found = inbox.get().getMessages(one, FetchGroup.FULL_CONTENT, session);
            if (!found.hasNext()) {
                return Optional.empty();
            }
            MessageResult message = found.next();
            IndexedMessage.MessageText text = read(message);
            inbox.get().setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, one, session);
            return Optional.of(new Reading(uid, message.getInternalDate().toInstant(), header(text, "From"),
                header(text, "Subject"), text.body(), text.attachmentNames()));
        } catch (MailboxException | IOException e) {
            throw new IllegalStateException("The secure inbox of " + address + " cannot be read: " + e.getMessage(), e);
        }
    }

    private MailboxManager mailboxes() {
        return mailServer.server().getProbe(MailboxesProbe.class).mailboxes();
    }

    private static Optional<MessageManager> inbox(MailboxManager mailboxes, MailboxSession session) throws MailboxException {
        try {
            return Optional.of(mailboxes.getMailbox(MailboxPath.inbox(session), session));
        } catch (MailboxNotFoundException none) {
            return Optional.empty();
        }
    }

    private static IndexedMessage.MessageText read(MessageResult message) throws MailboxException, IOException {
        try (InputStream content = message.getFullContent().getInputStream()) {
            return MessageTextReader.read(content);
        }
    }

    private static String decoded(String raw) {
        return org.apache.james.mime4j.codec.DecoderUtil.decodeEncodedWords(raw.replaceAll("\\r?\\n[ \\t]+", " ").strip(),
            org.apache.james.mime4j.codec.DecodeMonitor.SILENT);
    }

    private static String header(IndexedMessage.MessageText text, String name) {
        return text.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(IndexedMessage.Header::value)
            .findFirst().orElse("");
    }
}
