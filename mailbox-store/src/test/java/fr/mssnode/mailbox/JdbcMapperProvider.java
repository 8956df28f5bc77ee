package fr.mssnode.mailbox;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.lang3.NotImplementedException;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.mail.AttachmentMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.MapperProvider;

/** The store's mappers as James's mapper contract tests ask for them. */
final class JdbcMapperProvider implements MapperProvider {
    private final JdbcMapperFactory mappers;

    JdbcMapperProvider(JdbcMapperFactory mappers) {
        this.mappers = mappers;
    }

    @Override
    public List<Capabilities> getSupportedCapabilities() {
        return List.of(Capabilities.MESSAGE, Capabilities.MAILBOX, Capabilities.ANNOTATION, Capabilities.MOVE,
            Capabilities.THREAD_SAFE_FLAGS_UPDATE);
    }

    @Override
    public MailboxMapper createMailboxMapper() {
        return mappers.createMailboxMapper(null);
    }

    @Override
    public MessageMapper createMessageMapper() {
        return mappers.createMessageMapper(null);
    }

    @Override
    public MessageIdMapper createMessageIdMapper() {
        throw new NotImplementedException("no message ids");
    }

    @Override
    public AttachmentMapper createAttachmentMapper() {
        throw new NotImplementedException("attachments stay in their message");
    }

    @Override
    public MailboxId generateId() {
        return new StoreMailboxId(Math.abs(ThreadLocalRandom.current().nextInt()));
    }

    @Override
    public MessageUid generateMessageUid() {
        throw new NotImplementedException("UIDs come from the mailbox");
    }

    @Override
    public ModSeq generateModSeq(Mailbox mailbox) {
        throw new NotImplementedException("mod-sequences come from the mailbox");
    }

    @Override
    public ModSeq highestModSeq(Mailbox mailbox) {
        throw new NotImplementedException("mod-sequences come from the mailbox");
    }

    @Override
    public boolean supportPartialAttachmentFetch() {
        return false;
    }

    @Override
    public MessageId generateMessageId() {
        return new DefaultMessageId.Factory().generate();
    }
}
