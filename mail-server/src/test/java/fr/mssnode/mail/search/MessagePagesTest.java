package fr.mssnode.mail.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mailbox.JdbcMapperFactory;

/** The index reads a mailbox's messages a page at a time, every message once, in UID order, whatever the range. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagePagesTest {
    private TestDatabase database;
    private MessageMapper messages;
    private Mailbox mailbox;

    @BeforeAll
    void storeTwoAndAHalfPages() throws Exception {
        database = TestDatabase.derby().migrated();
        JdbcMapperFactory mappers = new JdbcMapperFactory(database.dataSource(), Clock.systemUTC(), (box, message) -> {
        });
        mailbox = mappers.createMailboxMapper(null)
            .create(MailboxPath.inbox(Username.of("secretariat@hopital-demo.test")), UidValidity.of(42)).block();
        messages = mappers.createMessageMapper(null);
        for (int n = 1; n <= 2 * MessagePages.PAGE + 50; n++) {
            byte[] bytes = ("Subject: courrier " + n + "\r\n\r\nRendez-vous de contrôle " + n + ".\r\n").getBytes(StandardCharsets.UTF_8);
            MessageId id = new DefaultMessageId.Factory().generate();
            messages.add(mailbox, new SimpleMailboxMessage(id, ThreadId.fromBaseMessageId(id), new Date(), bytes.length,
                bytes.length - ("Rendez-vous de contrôle " + n + ".\r\n").getBytes(StandardCharsets.UTF_8).length,
                new ByteContent(bytes), new Flags(), new PropertyBuilder().build(), mailbox.getMailboxId()));
        }
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void everyMessageOnceInOrderWithItsBytes() throws Exception {
        List<Long> uids = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        int count = MessagePages.forEach(messages, mailbox, MessageRange.all(), message -> {
            uids.add(message.getUid().asLong());
            try {
                subjects.add(new String(message.getHeaderContent().readAllBytes(), StandardCharsets.UTF_8).trim());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(count).isEqualTo(2 * MessagePages.PAGE + 50);
        assertThat(uids).hasSize(count).isSorted().doesNotHaveDuplicates();
        assertThat(subjects.get(count - 1)).isEqualTo("Subject: courrier " + count);
    }

    @Test
    void aRangeAcrossPagesAndAnExactPage() throws Exception {
        List<Long> uids = new ArrayList<>();
        MessagePages.forEach(messages, mailbox, MessageRange.range(MessageUid.of(50), MessageUid.of(249)),
            message -> uids.add(message.getUid().asLong()));
        assertThat(uids).hasSize(200).startsWith(50L).endsWith(249L);

        List<Long> fromUid = new ArrayList<>();
        MessagePages.forEach(messages, mailbox, MessageRange.from(MessageUid.of(151)), message -> fromUid.add(message.getUid().asLong()));
        assertThat(fromUid).hasSize(100).startsWith(151L).endsWith(250L);
    }
}
