package fr.mssnode.mail.patient;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.Flags;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.Username;
import org.apache.james.mailbox.DefaultMailboxes;
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
 * IMAP serves): the letters and notices, newest first, and one of them read (marked as read, as a mail client does);
 * what the patient answered, kept in their Sent folder.
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

    /**
     * A message opened: who, what, when, its text and the names of what it carries; {@code fromAddress} (the address
     * of From, lower case, empty when there is none), {@code messageId} and {@code references} to answer it.
     */
    public record Reading(long uid, Instant received, String from, String subject, String text, List<String> attachments,
                          String fromAddress, String messageId, String references) {
    }

    /** The letters of the inbox, newest first. */
    public List<Letter> letters(String address) {
        return letters(address, DefaultMailboxes.INBOX);
    }

    /** What the patient sent from the web space, newest first. */
    public List<Letter> sent(String address) {
        return letters(address, DefaultMailboxes.SENT);
    }

    /** Keeps a copy of what the patient sent in their Sent folder (created the first time), read, as a mail client does. */
    public void keepSent(String address, byte[] message) {
        try {
            MailboxManager mailboxes = mailboxes();
            MailboxSession session = mailboxes.createSystemSession(Username.of(address));
            MailboxPath sent = MailboxPath.forUser(Username.of(address), DefaultMailboxes.SENT);
            Optional<MessageManager> folder = folder(mailboxes, session, sent);
            if (folder.isEmpty()) {
                mailboxes.createMailbox(sent, session);
                folder = folder(mailboxes, session, sent);
            }
            folder.orElseThrow().appendMessage(MessageManager.AppendCommand.builder().withFlags(new Flags(Flags.Flag.SEEN))
                .notRecent().build(message), session);
        } catch (MailboxException e) {
            throw new IllegalStateException("The Sent folder of " + address + " cannot be written: " + e.getMessage(), e);
        }
    }

    private List<Letter> letters(String address, String name) {
        try {
            MailboxManager mailboxes = mailboxes();
            MailboxSession session = mailboxes.createSystemSession(Username.of(address));
            Optional<MessageManager> inbox = folder(mailboxes, session, MailboxPath.forUser(Username.of(address), name));
            if (inbox.isEmpty()) {
                return List.of();
            }
            List<Letter> letters = new ArrayList<>();
            Iterator<MessageResult> messages = inbox.get().getMessages(MessageRange.all(), FetchGroup.HEADERS, session);
            while (messages.hasNext()) {
                MessageResult message = messages.next();
                IndexedMessage.MessageText head;
                try (InputStream headers = message.getHeaders().getInputStream()) {
                    head = MessageTextReader.read(headers);
                }
                String from = header(head, name.equals(DefaultMailboxes.SENT) ? "To" : "From");
                String subject = header(head, "Subject");
                letters.add(new Letter(message.getUid().asLong(), message.getInternalDate().toInstant(), from, subject,
                    message.getFlags().contains(Flags.Flag.SEEN)));
            }
            letters.sort(Comparator.comparing(Letter::received).reversed());
            return letters.size() > MAX_LISTED ? letters.subList(0, MAX_LISTED) : letters;
        } catch (MailboxException | IOException e) {
            throw new IllegalStateException("The secure inbox of " + address + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The message, marked as read; empty when the inbox holds no such message. */
    public Optional<Reading> read(String address, long uid) {
        try {
            MailboxManager mailboxes = mailboxes();
            MailboxSession session = mailboxes.createSystemSession(Username.of(address));
            Optional<MessageManager> inbox = folder(mailboxes, session, MailboxPath.inbox(session));
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
            String from = header(text, "From");
            return Optional.of(new Reading(uid, message.getInternalDate().toInstant(), from, header(text, "Subject"),
                text.body(), documents(text.attachmentNames()), addressOf(from), header(text, "Message-ID"), header(text, "References")));
        } catch (MailboxException | IOException e) {
            throw new IllegalStateException("The secure inbox of " + address + " cannot be read: " + e.getMessage(), e);
        }
    }

    private MailboxManager mailboxes() {
        return mailServer.server().getProbe(MailboxesProbe.class).mailboxes();
    }

    private static Optional<MessageManager> folder(MailboxManager mailboxes, MailboxSession session, MailboxPath path)
        throws MailboxException {
        try {
            return Optional.of(mailboxes.getMailbox(path, session));
        } catch (MailboxNotFoundException none) {
            return Optional.empty();
        }
    }

    private static IndexedMessage.MessageText read(MessageResult message) throws MailboxException, IOException {
        try (InputStream content = message.getFullContent().getInputStream()) {
            return MessageTextReader.read(content);
        }
    }

    /** What the message carries for the reader: its S/MIME signature is not a document. */
    private static List<String> documents(List<String> attachmentNames) {
        return attachmentNames.stream().filter(name -> !name.toLowerCase(Locale.ROOT).endsWith(".p7s")).toList();
    }

    private static String addressOf(String from) {
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(from, false);
            return parsed.length == 0 || parsed[0].getAddress() == null ? ""
                : parsed[0].getAddress().strip().toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            return "";
        }
    }

    private static String header(IndexedMessage.MessageText text, String name) {
        return text.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(IndexedMessage.Header::value)
            .findFirst().orElse("");
    }
}
