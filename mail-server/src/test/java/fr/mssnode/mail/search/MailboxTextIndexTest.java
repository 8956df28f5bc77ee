package fr.mssnode.mail.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssnode.mail.search.IndexedMessage.MessageState;
import fr.mssnode.mail.search.IndexedMessage.MessageText;

class MailboxTextIndexTest {
    @TempDir
    Path folder;
    MailboxTextIndex index;

    @BeforeEach
    void open() throws Exception {
        index = new MailboxTextIndex(folder);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    @Test
    void substringsOfAnyLengthAreFoundWhereTheTextHoldsThemAndNowhereElse() throws Exception {
        add("inbox", 1, "Subject: Beautiful world\r\n\r\nab");
        add("inbox", 2, "Subject: worldwide\r\n\r\nbody");
        add("other", 1, "Subject: Beautiful world\r\n\r\nab");
        String subject = MailboxTextIndex.headerField("subject");
        assertThat(index.uidsContaining("inbox", List.of(subject), "eautiful worl")).containsExactly(1L);
        assertThat(index.uidsContaining("inbox", List.of(subject), "WORLD")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(index.uidsContaining("inbox", List.of(subject), "ful  world")).containsExactly(1L);
        assertThat(index.uidsContaining("inbox", List.of(subject), "world wide")).isEmpty();
        assertThat(index.uidsContaining("inbox", List.of(subject), "de")).containsExactly(2L);
        assertThat(index.uidsContaining("inbox", List.of(subject), "e")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(index.uidsContaining("inbox", List.of(MailboxTextIndex.BODY), "b")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(index.uidsContaining("inbox", List.of(MailboxTextIndex.BODY), "ab")).containsExactly(1L);
        assertThat(index.uidsContaining("inbox", List.of(MailboxTextIndex.BODY), "abc")).isEmpty();
    }

    @Test
    void accentsAndCaseAreFoldedBothWays() throws Exception {
        add("inbox", 1, "Subject: =?UTF-8?Q?Clinique_G=C3=A9n=C3=A9rale?=\r\n\r\nx");
        String subject = MailboxTextIndex.headerField("subject");
        assertThat(index.uidsContaining("inbox", List.of(subject), "clinique generale")).containsExactly(1L);
        assertThat(index.uidsContaining("inbox", List.of(subject), "GÉNÉRALE")).containsExactly(1L);
    }

    @Test
    void flagsAreUpdatedInPlaceAndDeletedMessagesAreGone() throws Exception {
        add("inbox", 1, "Subject: a\r\n\r\nx");
        add("inbox", 2, "Subject: b\r\n\r\nx");
        index.updateState("inbox", 2, new MessageState(MessageState.SEEN, Set.of("$Important"), 7));
        assertThat(index.state("inbox", 2)).hasValue(new MessageState(MessageState.SEEN, Set.of("$Important"), 7));
        assertThat(index.rows("inbox")).extracting(MailboxTextIndex.Row::uid).containsExactlyInAnyOrder(1L, 2L);
        index.delete("inbox", List.of(1L));
        assertThat(index.rows("inbox")).extracting(MailboxTextIndex.Row::uid).containsExactly(2L);
        index.deleteMailbox("inbox");
        assertThat(index.rows("inbox")).isEmpty();
    }

    @Test
    void whatWasCommittedSurvivesAReopen() throws Exception {
        add("inbox", 1, "Subject: durable\r\n\r\nx");
        index.commit();
        index.close();
        index = new MailboxTextIndex(folder);
        assertThat(index.uidsContaining("inbox", List.of(MailboxTextIndex.headerField("subject")), "durab")).containsExactly(1L);
    }

    private void add(String mailbox, long uid, String message) throws Exception {
        MessageText text = MessageTextReader.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
        index.add(new IndexedMessage(mailbox, uid, "", "", new MessageState(0, Set.of(), 1), 0, -1, message.length(), text));
    }
}
