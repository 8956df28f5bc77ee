package fr.mssnode.mail.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.Headers;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageAttachmentMetadata;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MimeDescriptor;
import org.apache.james.mailbox.model.MimePath;
import org.apache.james.mailbox.model.ThreadId;

/**
 * A fetched message whose numbered sections ({@code BODY[1]}, {@code [1.HEADER]}, {@code [1.TEXT]}, {@code [1.MIME]},
 * {@code [2.1]}...) are answered by {@link MessageSections} from the message's bytes; everything else is James's.
 * The bytes are read once, on the first numbered section asked for.
 */
final class SectionedMessageResult implements MessageResult {
    private final MessageResult fetched;
    private MessageSections sections;

    SectionedMessageResult(MessageResult fetched) {
        this.fetched = fetched;
    }

    @Override
    public Content getFullContent(MimePath path) throws MailboxException {
        return section(path, part -> bytes(concat(headerBytes(part.mimeHeader()), part.content())));
    }

    @Override
    public Content getMimeBody(MimePath path) throws MailboxException {
        return section(path, part -> bytes(part.content()));
    }

    @Override
    public Content getBody(MimePath path) throws MailboxException {
        return section(path, part -> bytes(part.messageText()));
    }

    @Override
    public Iterator<Header> iterateHeaders(MimePath path) throws MailboxException {
        return headers(path, MessageSections.Part::messageHeader);
    }

    @Override
    public Iterator<Header> iterateMimeHeaders(MimePath path) throws MailboxException {
        return headers(path, MessageSections.Part::mimeHeader);
    }

    private Iterator<Header> headers(MimePath path, Function<MessageSections.Part, List<MessageSections.Field>> which)
        throws MailboxException {
        return sections().part(path.getPositions())
            .map(which)
            .orElse(List.of())
            .stream()
            .map(field -> new Header(field.name(), field.value()))
            .iterator();
    }

    /** A section the message does not have is empty, as FETCH answers it (the builder turns null into nothing). */
    private Content section(MimePath path, Function<MessageSections.Part, Content> content) throws MailboxException {
        return sections().part(path.getPositions()).map(content).orElse(null);
    }

    private MessageSections sections() throws MailboxException {
        if (sections == null) {
            try (InputStream in = fetched.getFullContent().getInputStream()) {
                sections = new MessageSections(in.readAllBytes());
            } catch (IOException e) {
                throw new MailboxException("The message could not be read for its parts", e);
            } catch (UncheckedIOException e) {
                throw new MailboxException("The message could not be read for its parts", e.getCause());
            }
        }
        return sections;
    }

    private static byte[] headerBytes(List<MessageSections.Field> fields) {
        StringBuilder header = new StringBuilder();
        fields.forEach(field -> header.append(field.name()).append(": ").append(field.value()).append("\r\n"));
        header.append("\r\n");
        return header.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static Content bytes(byte[] bytes) {
        return new Content() {
            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long size() {
                return bytes.length;
            }
        };
    }

    // Everything below is the message as James fetched it.

    @Override
    public MessageId getMessageId() {
        return fetched.getMessageId();
    }

    @Override
    public ThreadId getThreadId() {
        return fetched.getThreadId();
    }

    @Override
    public Optional<Date> getSaveDate() {
        return fetched.getSaveDate();
    }

    @Override
    public Date getInternalDate() {
        return fetched.getInternalDate();
    }

    @Override
    public Flags getFlags() {
        return fetched.getFlags();
    }

    @Override
    public long getSize() {
        return fetched.getSize();
    }

    @Override
    public MessageMetaData messageMetaData() {
        return fetched.messageMetaData();
    }

    @Override
    public MessageUid getUid() {
        return fetched.getUid();
    }

    @Override
    public ModSeq getModSeq() {
        return fetched.getModSeq();
    }

    @Override
    public MimeDescriptor getMimeDescriptor() throws MailboxException {
        return fetched.getMimeDescriptor();
    }

    @Override
    public MailboxId getMailboxId() {
        return fetched.getMailboxId();
    }

    @Override
    public Content getFullContent() throws MailboxException, IOException {
        return fetched.getFullContent();
    }

    @Override
    public Content getBody() throws MailboxException, IOException {
        return fetched.getBody();
    }

    @Override
    public Headers getHeaders() throws MailboxException {
        return fetched.getHeaders();
    }

    @Override
    public List<MessageAttachmentMetadata> getLoadedAttachments() throws MailboxException {
        return fetched.getLoadedAttachments();
    }

    @Override
    public int compareTo(MessageResult other) {
        return fetched.compareTo(other);
    }
}
