package fr.mssnode.mail.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.activation.DataHandler;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;
import jakarta.mail.util.ByteArrayDataSource;

/** Reading mailboxes over IMAPS, as a mail client would. */
public final class Mailboxes {
    private Mailboxes() {
    }

    public static Store open(Session session, String user, String password) throws MessagingException {
        Store store = session.getStore("imaps");
        store.connect(user, password);
        return store;
    }

    /** Subjects in INBOX matching an IMAP SEARCH done by the server. */
    public static List<String> search(Session session, String user, String password, SearchTerm term) throws MessagingException {
        try (Store store = open(session, user, password)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : inbox.search(term)) {
                subjects.add(message.getSubject());
            }
            inbox.close(false);
            return subjects;
        }
    }

    /** How many messages INBOX holds (from the mailbox store, not the search index). */
    public static int count(Session session, String user, String password) throws MessagingException {
        try (Store store = open(session, user, password)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int count = inbox.getMessageCount();
            inbox.close(false);
            return count;
        }
    }

    /**
     * Every subject in INBOX, read from the mailbox store (FETCH of the header), duplicates included. The subject is
     * read from the header, not from the ENVELOPE: after a crash or a failover the client has (rarely) failed to read
     * an ENVELOPE the server sent ("Failed to load IMAP envelope", an open question). Such a message is reported on
     * standard error with its raw header and the end of the protocol dialogue, without failing a durability count.
     */
    public static List<String> subjects(Session session, String user, String password) throws MessagingException {
        java.io.ByteArrayOutputStream trace = new java.io.ByteArrayOutputStream();
        Session traced = Session.getInstance(session.getProperties());
        traced.setDebugOut(new java.io.PrintStream(trace, true, java.nio.charset.StandardCharsets.UTF_8));
        traced.setDebug(true);
        try (Store store = open(traced, user, password)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                String[] id = message.getHeader("X-Node-Delivery-Id");
                String[] subject = message.getHeader("Subject");
                String decoded;
                try {
                    decoded = subject == null ? null : jakarta.mail.internet.MimeUtility.decodeText(
                        jakarta.mail.internet.MimeUtility.unfold(subject[0]));
                } catch (java.io.UnsupportedEncodingException e) {
                    decoded = subject[0];
                }
                subjects.add(decoded + (id == null ? "" : " [" + id[0] + "]"));
                try {
                    message.getSubject();
                } catch (MessagingException envelope) {
                    String dialogue = trace.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.startsWith("\tat ")).collect(java.util.stream.Collectors.joining("\n"));
                    System.err.println("!!! The ENVELOPE of message " + message.getMessageNumber() + " (" + decoded
                        + ") could not be read: " + envelope.getMessage() + "\nIts header:\n"
                        + String.join("\n", java.util.Collections.list(((jakarta.mail.internet.MimeMessage) message).getAllHeaderLines()))
                        + "\nThe end of the IMAP dialogue:\n" + dialogue.substring(Math.max(0, dialogue.length() - 8000)));
                }
            }
            inbox.close(false);
            return subjects;
        }
    }

    /**
     * Waits until INBOX has held the same number of messages (at least {@code count}) for three reads in a row,
     * one second apart, so that deliveries still in progress cannot blur what is read next.
     */
    public static int awaitStableCount(Session session, String user, String password, int count, Duration timeout)
        throws MessagingException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int previous = -1;
        int stableReads = 0;
        while (Instant.now().isBefore(deadline)) {
            int seen = count(session, user, password);
            stableReads = seen == previous ? stableReads + 1 : 0;
            previous = seen;
            if (seen >= count && stableReads >= 2) {
                return seen;
            }
            Thread.sleep(1000);
        }
        return previous;
    }

    /** Waits until INBOX holds at least {@code count} messages; returns how many it saw. */
    public static int awaitCount(Session session, String user, String password, int count, Duration timeout)
        throws MessagingException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int seen = 0;
        while (Instant.now().isBefore(deadline)) {
            seen = count(session, user, password);
            if (seen >= count) {
                return seen;
            }
            Thread.sleep(200);
        }
        return seen;
    }

    /** Waits until INBOX holds {@code count} messages whose subject contains {@code subject}; returns how many it saw. */
    public static int awaitSubject(Session session, String user, String password, String subject, int count, Duration timeout)
        throws MessagingException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int seen = 0;
        while (Instant.now().isBefore(deadline)) {
            seen = search(session, user, password, new SubjectTerm(subject)).size();
            if (seen >= count) {
                return seen;
            }
            Thread.sleep(200);
        }
        return seen;
    }

    /**
     * The raw bytes of the first INBOX message whose subject contains {@code subject}, found by reading subjects
     * (not IMAP SEARCH), waiting up to {@code timeout}.
     */
    public static byte[] awaitRaw(Session session, String user, String password, String subject, Duration timeout)
        throws MessagingException, InterruptedException, java.io.IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (Store store = open(session, user, password)) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                for (Message message : inbox.getMessages()) {
                    if (message.getSubject() != null && message.getSubject().contains(subject)) {
                        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
                        message.writeTo(raw);
                        return raw.toByteArray();
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message '" + subject + "' in " + user + "'s INBOX within " + timeout);
    }

    /**
     * Submits, as a mail client does (STARTTLS, AUTH), a short letter from {@code from} to {@code to} with one
     * attachment; {@code headers} are extra header name/value pairs.
     */
    public static void sendWithAttachment(Session session, String from, String password, String to, String subject,
                                          byte[] attachment, String mediaType, String fileName, String... headers)
        throws MessagingException {
        sendWithEncodedAttachment(session, from, password, to, subject, attachment, mediaType, fileName, "base64", headers);
    }

    /** The same, with the attachment's transfer encoding chosen (base64, quoted-printable, 8bit). */
    public static void sendWithEncodedAttachment(Session session, String from, String password, String to, String subject,
                                                 byte[] attachment, String mediaType, String fileName, String transferEncoding,
                                                 String... headers)
        throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            message.setHeader(headers[i], headers[i + 1]);
        }
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Cher confrère, ci-joint le document.", "UTF-8");
        MimeBodyPart document = new MimeBodyPart();
        document.setDataHandler(new DataHandler(
            new ByteArrayDataSource(attachment, mediaType)));
        document.setFileName(fileName);
        document.setHeader("Content-Transfer-Encoding", transferEncoding);
        message.setContent(new MimeMultipart(text, document));
        Transport.send(message, from, password);
    }

    /**
     * What a recipient decodes from an attachment as {@link #sendWithEncodedAttachment} writes it: the same bytes,
     * except that quoted-printable text (text/*) travels in MIME's canonical form, with CRLF line ends.
     */
    public static byte[] asSent(byte[] attachment, String mediaType, String transferEncoding) throws Exception {
        MimeBodyPart document = new MimeBodyPart();
        document.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, mediaType)));
        document.setHeader("Content-Transfer-Encoding", transferEncoding);
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        document.writeTo(written);
        MimeBodyPart read = new MimeBodyPart(new java.io.ByteArrayInputStream(written.toByteArray()));
        java.io.ByteArrayOutputStream decoded = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream in = read.getInputStream()) {
            in.transferTo(decoded);
        }
        return decoded.toByteArray();
    }

    /**
     * The decoded content of the first part named {@code fileName} in the first INBOX message whose subject
     * contains {@code subject} (inside a signature or not), waiting up to {@code timeout}; read with full-buffer
     * reads, as a careful client does.
     */
    public static byte[] awaitAttachment(Session session, String user, String password, String subject, String fileName,
                                         Duration timeout) throws Exception {
        byte[] raw = awaitRaw(session, user, password, subject, timeout);
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(raw));
        jakarta.mail.Part part = find(message, fileName, 0);
        if (part == null) {
            throw new AssertionError("no part named " + fileName + " in '" + subject + "'");
        }
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        try (java.io.InputStream in = part.getInputStream()) {
            in.transferTo(content);
        }
        return content.toByteArray();
    }

    private static jakarta.mail.Part find(jakarta.mail.Part part, String fileName, int depth) throws Exception {
        if (depth > 10) {
            return null;
        }
        if (part.isMimeType("multipart/*")) {
            jakarta.mail.Multipart multipart = (jakarta.mail.Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                jakarta.mail.Part found = find(multipart.getBodyPart(i), fileName, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return fileName.equals(part.getFileName()) ? part : null;
    }

    /** A letter carrying one document of the realistic corpus, as practice software writes it (base64, CRLF). */
    public static String messageWithDocument(String from, String to, String subject,
                                             fr.mssnode.fixtures.cda.RealisticCorpus.Document document) {
        String boundary = "=_document_" + Math.abs(subject.hashCode());
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary
            + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCi-joint un document.\r\n--" + boundary
            + "\r\nContent-Type: " + document.mediaType() + "; name=\"" + document.fileName() + "\"\r\nContent-Disposition:"
            + " attachment; filename=\"" + document.fileName() + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + java.util.Base64.getMimeEncoder(76, "\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(document.bytes())
            + "\r\n--" + boundary + "--\r\n";
    }

    public static String message(String from, String to, String subject, String body) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + java.util.UUID.randomUUID() + "@test>\r\n"
            + "Date: " + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now())
            + "\r\n\r\n" + body + "\r\n";
    }
}
