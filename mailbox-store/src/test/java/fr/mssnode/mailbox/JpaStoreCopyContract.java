package fr.mssnode.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import javax.mail.Flags;
import javax.mail.Flags.Flag;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.apache.james.core.Username;
import org.apache.james.mailbox.FlagsBuilder;
import org.apache.james.mailbox.MessageManager.FlagsUpdateMode;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.JPATransactionalMapper;
import org.apache.james.mailbox.jpa.mail.JPAAnnotationMapper;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.user.JPASubscriptionMapper;
import org.apache.james.mailbox.model.ByteContent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxAnnotationKey;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.apache.james.mailbox.store.user.model.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.mssnode.directory.testing.TestDatabase;

/**
 * {@link JpaStoreCopy} against the real thing: James 3.8.1's JPA mailbox store, its tables created by OpenJPA with
 * the old node's mapping settings (test persistence unit {@code JpaStoreCopyTest}) and its rows written by James's
 * own JPA mappers, each call committed by the mapper's {@code execute}; copied into this store, then read back
 * through this store's own mappers and compared, message by message, with what James's JPA mappers read. Each
 * database runs them ({@link JpaStoreCopyOnDerbyTest}, {@link JpaStoreCopyOnPostgresTest}).
 */
abstract class JpaStoreCopyContract {
    static final Username MARTIN = Username.of("dr.martin@hopital-demo.test");
    static final Username SECRETARIAT = Username.of("secretariat.cardio@hopital-demo.test");
    /** A sub-folder: the name holds the hierarchy delimiter and an underscore (a LIKE wildcard). */
    static final String REPORTS = "INBOX.Comptes_rendus";
    static final String ARCHIVE = "Archives.Dossiers_2025";
    /** More than a batch of the copy, so that the secretariat's INBOX is copied in several. */
    static final int SECRETARIAT_MESSAGES = 230;
    static final Instant RECEIVED = Instant.parse("2026-11-02T08:00:00Z");

    private TestDatabase database;
    private OldJpaStore jpa;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void open() {
        database = newDatabase().migrated();
    }

    @AfterEach
    void close() {
        if (jpa != null) {
            jpa.close();
        }
        database.close();
    }

    @Test
    void copiesMailboxesMessagesSubscriptionsAndAnnotationsKeepingIdsUidsAndBytes() throws Exception {
        OldNode old = oldNode();
        JpaStoreCopy copy = new JpaStoreCopy(database.dataSource());
        assertThat(copy.state()).isEqualTo(JpaStoreCopy.State.NEEDED);
        assertThat(copy.needed()).isTrue();

        List<String> progress = new ArrayList<>();
        JpaStoreCopy.Result result = copy.copy(progress::add);

        assertThat(result).isEqualTo(new JpaStoreCopy.Result(5, old.messageCount(), 2, 2, List.of()));
        assertThat(progress).hasSize(5).anySatisfy(line -> assertThat(line)
            .isEqualTo("mailbox " + id(old.secretariatInbox) + " (" + SECRETARIAT.asString() + " INBOX): "
                + (SECRETARIAT_MESSAGES - 1) + " messages copied"));
        assertCopied(old);

        // What the copy kept, spelt out (beyond "equal to what James's JPA mappers read").
        JdbcMapperFactory store = store();
        MessageMapper messages = store.createMessageMapper(null);
        Mailbox inbox = store.createMailboxMapper(null).findMailboxById(new StoreMailboxId(id(old.martinInbox))).block();
        assertThat(inbox.getUidValidity()).isEqualTo(UidValidity.of(1_764_000_001L));
        List<Snapshot> martin = snapshots(messages, inbox);
        assertThat(martin).extracting(Snapshot::uid).containsExactly(1L, 2L, 4L);
        assertThat(messages.getLastUid(inbox)).contains(MessageUid.of(4));
        Snapshot letter = martin.get(0);
        assertThat(letter.systemFlags()).containsExactly("answered", "flagged", "seen");
        assertThat(letter.keywords()).containsExactly("$Forwarded", "dossier-patient");
        assertThat(letter.modSeq()).as("flagged after the other messages arrived").isGreaterThan(martin.get(2).modSeq())
            .isEqualTo(messages.getHighestModSeq(inbox).asLong());
        assertThat(letter.mediaType()).isEqualTo("text");
        assertThat(letter.subType()).isEqualTo("plain");
        assertThat(letter.contentTypeParameters()).containsExactlyInAnyOrderEntriesOf(Map.of("charset", "UTF-8", "format", "flowed"));
        assertThat(letter.textualLineCount()).isEqualTo(old.letter(old.martinInbox, 1).textualLineCount());
        assertThat(letter.internalDate()).isEqualTo(RECEIVED.toEpochMilli());
        Snapshot latin1 = martin.get(1);
        assertThat(latin1.systemFlags()).containsExactly("deleted", "seen");
        assertThat(latin1.size()).isGreaterThanOrEqualTo(64 * 1024);
        assertThat(latin1.contentTypeParameters()).containsEntry("charset", "ISO-8859-1");
        assertThat(new String(bytes(latin1.body()), Charset.forName("ISO-8859-1"))).contains("hémoglobine glyquée");
        Snapshot multipart = martin.get(2);
        assertThat(multipart.systemFlags()).containsExactly("recent");
        assertThat(multipart.keywords()).containsExactly("$MDNSent");
        assertThat(multipart.size()).isGreaterThan(2L * 1024 * 1024);
        assertThat(multipart.mediaType()).isEqualTo("multipart");
        assertThat(multipart.subType()).isEqualTo("mixed");
        assertThat(multipart.contentTypeParameters()).containsOnly(Map.entry("boundary", "=_mss_7f3a9c_part"));
        assertThat(multipart.textualLineCount()).isNull();
        Mailbox secretariat = store.createMailboxMapper(null).findMailboxById(new StoreMailboxId(id(old.secretariatInbox))).block();
        assertThat(snapshots(messages, secretariat)).hasSize(SECRETARIAT_MESSAGES - 1)
            .extracting(Snapshot::uid).doesNotContain(100L).endsWith((long) SECRETARIAT_MESSAGES);
        assertThat(store.createSubscriptionMapper(null).findSubscriptionsForUser(MARTIN))
            .containsExactly(new Subscription(MARTIN, REPORTS));
        assertThat(store.createAnnotationMapper(null).getAllAnnotations(new StoreMailboxId(id(old.martinInbox))))
            .containsExactly(MailboxAnnotation.newInstance(new MailboxAnnotationKey("/private/comment"),
                "Boîte du Dr Martin — courrier des correspondants"));

        // Finished: not needed any more, and a second run copies nothing.
        assertThat(copy.state()).isEqualTo(JpaStoreCopy.State.FINISHED);
        assertThat(copy.finishedAt()).isPresent();
        assertThat(copy.needed()).isFalse();
        List<String> again = new ArrayList<>();
        assertThat(copy.copy(again::add)).isEqualTo(new JpaStoreCopy.Result(0, 0, 0, 0, List.of()));
        assertThat(again).isEmpty();
        assertCopied(old);

        // The store goes on from the copied counters: new mailboxes after the copied ids, new messages after the UIDs.
        long highestCopiedId = old.mailboxes().stream().mapToLong(JpaStoreCopyContract::id).max().orElseThrow();
        Mailbox created = store.createMailboxMapper(null).create(MailboxPath.forUser(MARTIN, "INBOX.Nouveau"),
            UidValidity.generate()).block();
        assertThat(StoreMailboxId.of(created.getMailboxId())).isGreaterThan(highestCopiedId);
        ModSeq highest = messages.getHighestModSeq(inbox);
        MessageMetaData appended = messages.add(inbox, old.letter(old.martinInbox, 1).message(inbox.getMailboxId(), new Flags()));
        assertThat(appended.getUid()).isEqualTo(MessageUid.of(5));
        assertThat(appended.getModSeq()).isEqualTo(highest.next());
    }

    @Test
    void aCopyInterruptedAfterABatchResumesAndCopiesEveryMessageOnce() throws Exception {
        OldNode old = oldNode();
        JpaStoreCopy copy = new JpaStoreCopy(database.dataSource());
        copy.copy(line -> { });

        // What a copy stopped after its first batch of the secretariat's INBOX leaves: the batch committed, the
        // mailboxes after it not created yet, subscriptions and annotations not copied, the copy not marked finished.
        long inbox = id(old.secretariatInbox);
        long lastOfFirstBatch = jpa.messages(old.secretariatInbox).get(JpaStoreCopy.BATCH - 1).uid();
        List<Long> later = old.mailboxes().stream().map(JpaStoreCopyContract::id).filter(id -> id > inbox).toList();
        assertThat(later).isNotEmpty();
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("DELETE FROM mailbox_message WHERE mailbox_id = " + inbox + " AND uid > "
                + lastOfFirstBatch)).isEqualTo(SECRETARIAT_MESSAGES - 1 - JpaStoreCopy.BATCH);
            for (long id : later) {
                statement.executeUpdate("DELETE FROM mailbox_message WHERE mailbox_id = " + id);
                statement.executeUpdate("DELETE FROM mailbox WHERE mailbox_id = " + id);
            }
            statement.executeUpdate("DELETE FROM mailbox_subscription");
            statement.executeUpdate("DELETE FROM mailbox_annotation");
            statement.executeUpdate("DELETE FROM mailbox_jpa_copy");
        }
        assertThat(copy.needed()).isTrue();

        long laterMessages = later.stream().mapToLong(id -> old.messagesIn(id)).sum();
        JpaStoreCopy.Result resumed = copy.copy(line -> { });

        assertThat(resumed).isEqualTo(new JpaStoreCopy.Result(5,
            SECRETARIAT_MESSAGES - 1 - JpaStoreCopy.BATCH + laterMessages, 2, 2, List.of()));
        assertCopied(old);
        assertThat(rows("SELECT COUNT(*) FROM mailbox_message")).isEqualTo(old.messageCount());
        assertThat(rows("SELECT COUNT(*) FROM (SELECT mailbox_id, uid FROM mailbox_message GROUP BY mailbox_id, uid"
            + " HAVING COUNT(*) > 1) twice")).isZero();
        assertThat(copy.needed()).isFalse();
    }

    @Test
    void batchesEndEarlyWhenTheirBytesReachTheLimit() throws Exception {
        OldNode old = oldNode();
        // 32 KB: Dr Martin's INBOX goes in two batches (the letter and the 64 KB report, then the 2 MB message),
        // the secretariat's small messages in batches of about seventy.
        JpaStoreCopy copy = new JpaStoreCopy(database.dataSource(), 32 * 1024);
        assertThat(copy.copy(line -> { })).isEqualTo(new JpaStoreCopy.Result(5, old.messageCount(), 2, 2, List.of()));
        assertCopied(old);
        assertThat(copy.needed()).isFalse();
    }

    @Test
    void aNodeThatNeverRanTheJpaStoreHasNothingToCopy() throws Exception {
        JpaStoreCopy copy = new JpaStoreCopy(database.dataSource());
        assertThat(copy.state()).isEqualTo(JpaStoreCopy.State.NO_JPA_STORE);
        assertThat(copy.needed()).isFalse();
        List<String> progress = new ArrayList<>();
        assertThat(copy.copy(progress::add)).isEqualTo(new JpaStoreCopy.Result(0, 0, 0, 0, List.of()));
        assertThat(progress).isEmpty();
        assertThat(rows("SELECT COUNT(*) FROM mailbox")).isZero();
        assertThat(rows("SELECT COUNT(*) FROM mailbox_jpa_copy")).isZero();
        assertThat(copy.finishedAt()).isEmpty();

        // James's tables there, but no mailbox in them (an old node that never received mail): nothing either.
        jpa = new OldJpaStore(database);
        assertThat(jpa.mailboxes()).isEmpty();
        assertThat(copy.state()).isEqualTo(JpaStoreCopy.State.EMPTY_JPA_STORE);
        assertThat(copy.needed()).isFalse();
        assertThat(copy.copy(progress::add)).isEqualTo(new JpaStoreCopy.Result(0, 0, 0, 0, List.of()));
        assertThat(rows("SELECT COUNT(*) FROM mailbox")).isZero();
    }

    /**
     * Every mailbox of the JPA store is in this store under its id, with its path, UIDVALIDITY, last UID and highest
     * mod-sequence, and every message with the same UID, mod-sequence, internal date, flags, keywords, MIME
     * properties, line count and bytes as James's JPA mappers read them, and as they were appended; subscriptions
     * and annotations the same.
     */
    private void assertCopied(OldNode old) throws Exception {
        JdbcMapperFactory store = store();
        MailboxMapper mailboxes = store.createMailboxMapper(null);
        MessageMapper messages = store.createMessageMapper(null);
        List<Mailbox> jpaMailboxes = jpa.mailboxes();
        assertThat(jpaMailboxes).hasSize(5);
        assertThat(mailboxes.list().collectList().block()).extracting(JpaStoreCopyContract::describe)
            .containsExactlyInAnyOrderElementsOf(jpaMailboxes.stream().map(JpaStoreCopyContract::describe).toList());
        long total = 0;
        for (Mailbox before : jpaMailboxes) {
            Mailbox after = mailboxes.findMailboxById(new StoreMailboxId(id(before))).block();
            assertThat(after.generateAssociatedPath()).isEqualTo(before.generateAssociatedPath());
            assertThat(after.getUidValidity()).isEqualTo(before.getUidValidity());
            assertThat(messages.getLastUid(after)).as("last UID of " + before.getName()).isEqualTo(jpa.lastUid(before));
            assertThat(messages.getHighestModSeq(after)).as("highest mod-sequence of " + before.getName())
                .isEqualTo(jpa.highestModSeq(before));
            List<Snapshot> expected = jpa.messages(before);
            List<Snapshot> copied = snapshots(messages, after);
            assertThat(copied).as("messages of " + describe(before)).containsExactlyElementsOf(expected);
            assertThat(copied).hasSize((int) old.messagesIn(id(before)));
            for (Snapshot message : copied) {
                Letter sent = old.letter(before, message.uid());
                assertThat(message.full()).as("bytes of message " + message.uid()).isEqualTo(ByteBuffer.wrap(sent.bytes()));
                assertThat(message.header()).isEqualTo(ByteBuffer.wrap(Arrays.copyOf(sent.bytes(), sent.bodyStart())));
                assertThat(message.body()).isEqualTo(ByteBuffer.wrap(Arrays.copyOfRange(sent.bytes(), sent.bodyStart(),
                    sent.bytes().length)));
                assertThat(message.internalDate()).isEqualTo(sent.internalDate().getTime());
                assertThat(message.textualLineCount()).isEqualTo(sent.textualLineCount());
            }
            assertThat(store.createAnnotationMapper(null).getAllAnnotations(after.getMailboxId()))
                .containsExactlyInAnyOrderElementsOf(jpa.annotations(before));
            total += copied.size();
        }
        assertThat(total).isEqualTo(old.messageCount());
        for (Username user : List.of(MARTIN, SECRETARIAT)) {
            assertThat(store.createSubscriptionMapper(null).findSubscriptionsForUser(user))
                .containsExactlyInAnyOrderElementsOf(jpa.subscriptions(user)).hasSize(1);
        }
    }

    private JdbcMapperFactory store() {
        return new JdbcMapperFactory(database.dataSource(), Clock.systemUTC(), (mailbox, message) -> {
        });
    }

    private long rows(String sql) throws SQLException {
        DataSource dataSource = database.dataSource();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static long id(Mailbox mailbox) {
        MailboxId id = mailbox.getMailboxId();
        return id instanceof JPAId jpaId ? jpaId.getRawId() : StoreMailboxId.of(id);
    }

    private static String describe(Mailbox mailbox) {
        return id(mailbox) + " " + mailbox.generateAssociatedPath() + " " + mailbox.getUidValidity().asLong();
    }

    private static List<Snapshot> snapshots(MessageMapper mapper, Mailbox mailbox) throws MailboxException, IOException {
        List<Snapshot> snapshots = new ArrayList<>();
        Iterator<MailboxMessage> messages = mapper.findInMailbox(mailbox, MessageRange.all(), FetchType.FULL, -1);
        while (messages.hasNext()) {
            snapshots.add(Snapshot.of(messages.next()));
        }
        return snapshots;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** A message as a mapper reads it, everything the copy must keep (byte buffers compare by content). */
    record Snapshot(long uid, long modSeq, long internalDate, List<String> systemFlags, List<String> keywords,
                    String mediaType, String subType, Map<String, String> contentTypeParameters, List<String> properties,
                    Long textualLineCount, long size, long headerOctets, ByteBuffer header, ByteBuffer body, ByteBuffer full) {

        private static final Map<Flag, String> SYSTEM_FLAGS = systemFlagNames();

        private static Map<Flag, String> systemFlagNames() {
            Map<Flag, String> flags = new LinkedHashMap<>();
            flags.put(Flag.ANSWERED, "answered");
            flags.put(Flag.DELETED, "deleted");
            flags.put(Flag.DRAFT, "draft");
            flags.put(Flag.FLAGGED, "flagged");
            flags.put(Flag.RECENT, "recent");
            flags.put(Flag.SEEN, "seen");
            return flags;
        }

        static Snapshot of(MailboxMessage message) throws IOException {
            Flags flags = message.createFlags();
            List<String> system = SYSTEM_FLAGS.entrySet().stream().filter(flag -> flags.contains(flag.getKey()))
                .map(Map.Entry::getValue).toList();
            List<String> keywords = Arrays.stream(flags.getUserFlags()).sorted().toList();
            List<String> properties = message.getProperties().toProperties().stream()
                .map(property -> property.getNamespace() + " " + property.getLocalName() + "=" + property.getValue()).toList();
            return new Snapshot(message.getUid().asLong(), message.getModSeq().asLong(), message.getInternalDate().getTime(),
                system, keywords, message.getMediaType(), message.getSubType(),
                new HashMap<>(message.getProperties().getContentTypeParameters()), properties, message.getTextualLineCount(),
                message.getFullContentOctets(), message.getHeaderOctets(), read(message.getHeaderContent()),
                read(message.getBodyContent()), read(message.getFullContent()));
        }

        private static ByteBuffer read(InputStream content) throws IOException {
            try (content) {
                return ByteBuffer.wrap(content.readAllBytes());
            }
        }

        @Override
        public String toString() {
            return "message " + uid + " (modseq " + modSeq + ", " + size + " bytes, " + systemFlags + " " + keywords + ", "
                + mediaType + "/" + subType + " " + contentTypeParameters + ", " + textualLineCount + " lines, "
                + properties.size() + " properties, header hash " + header.hashCode() + ", body hash " + body.hashCode() + ")";
        }
    }

    /** A message as it was received: its bytes, its internal date, its MIME properties as James's parser gives them. */
    record Letter(byte[] bytes, Date internalDate, List<org.apache.james.mailbox.store.mail.model.Property> properties,
                  Long textualLineCount) {

        int bodyStart() {
            for (int i = 0; i + 3 < bytes.length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                    return i + 4;
                }
            }
            throw new IllegalStateException("no blank line after the header");
        }

        MailboxMessage message(MailboxId mailbox, Flags flags) {
            MessageId id = new DefaultMessageId.Factory().generate();
            PropertyBuilder builder = new PropertyBuilder(properties);
            builder.setTextualLineCount(textualLineCount);
            return SimpleMailboxMessage.builder().messageId(id).threadId(ThreadId.fromBaseMessageId(id))
                .internalDate(internalDate).size(bytes.length).bodyStartOctet(bodyStart()).content(new ByteContent(bytes))
                .flags(flags).properties(builder).mailboxId(mailbox).build();
        }

        /** A text/plain message; the line count is the body's. */
        static Letter text(String header, String body, Charset charset, Map<String, String> parameters, String encoding,
                           Instant received) {
            byte[] head = header.getBytes(StandardCharsets.US_ASCII);
            byte[] text = body.getBytes(charset);
            PropertyBuilder properties = new PropertyBuilder();
            properties.setMediaType("text");
            properties.setSubType("plain");
            properties.setContentTypeParameters(parameters);
            properties.setCharset(charset.name());
            properties.setContentTransferEncoding(encoding);
            return new Letter(concat(head, text), Date.from(received), properties.toProperties(), lines(text));
        }

        static long lines(byte[] body) {
            long lines = 0;
            for (int i = 0; i + 1 < body.length; i++) {
                if (body[i] == '\r' && body[i + 1] == '\n') {
                    lines++;
                }
            }
            return lines;
        }

        static byte[] concat(byte[] first, byte[] second) {
            byte[] all = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, all, first.length, second.length);
            return all;
        }
    }

    static Letter plainUtf8Letter() {
        String header = "Return-Path: <dr.lefebvre@chu-sud.test>\r\n"
            + "Received: from mx.chu-sud.test (mx.chu-sud.test [192.0.2.25]) by mss.hopital-demo.test with ESMTPS;\r\n"
            + "\tMon, 2 Nov 2026 09:00:00 +0100\r\n"
            + "From: =?UTF-8?Q?Dr_H=C3=A9l=C3=A8ne_Lef=C3=A8vre?= <dr.lefebvre@chu-sud.test>\r\n"
            + "To: Dr Claire Martin <dr.martin@hopital-demo.test>\r\n"
            + "Subject: =?UTF-8?Q?Lettre_de_liaison_=E2=80=93_Mme_Dur=C3=A9e?=\r\n"
            + "Date: Mon, 2 Nov 2026 08:59:41 +0100\r\n"
            + "Message-ID: <lettre-liaison-1@chu-sud.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n";
        String body = "Chère consœur,\r\n\r\n"
            + "Je vous adresse Mme Durée, 67 ans, vue ce jour en consultation de cardiologie pour une dyspnée d'effort.\r\n"
            + "L'échographie retrouve une fraction d'éjection à 45 % ; je propose un traitement par bêtabloquant.\r\n"
            + "Bien confraternellement,\r\n\r\n"
            + "Dr Hélène Lefèvre — CHU Sud, service de cardiologie\r\n";
        return Letter.text(header, body, StandardCharsets.UTF_8, Map.of("format", "flowed"), "8bit", RECEIVED);
    }

    /** A 64 KB report in ISO-8859-1 (8 bit, accents as single bytes). */
    static Letter latin1Report() {
        String header = "From: laboratoire@chu-sud.test\r\n"
            + "To: dr.martin@hopital-demo.test\r\n"
            + "Subject: =?ISO-8859-1?Q?R=E9sultats_d'analyses?=\r\n"
            + "Date: Mon, 2 Nov 2026 10:12:00 +0100\r\n"
            + "Message-ID: <resultats-2@chu-sud.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=ISO-8859-1; format=fixed\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n";
        StringBuilder body = new StringBuilder();
        for (int line = 1; body.length() + header.length() < 64 * 1024; line++) {
            body.append(String.format("Ligne %04d : hémoglobine glyquée à 6,%d %%, créatininémie à %d µmol/l ; à revoir.\r\n",
                line, line % 10, 60 + line % 40));
        }
        return Letter.text(header, body.toString(), Charset.forName("ISO-8859-1"), Map.of("format", "fixed"), "8bit",
            RECEIVED.plusSeconds(60));
    }

    /** A multipart message: a short text and a 2 MB PDF-like attachment in base64. */
    static Letter multipartWithAttachment() {
        String boundary = "=_mss_7f3a9c_part";
        byte[] attachment = new byte[2 * 1024 * 1024];
        new Random(42).nextBytes(attachment);
        String text = "From: dr.lefebvre@chu-sud.test\r\n"
            + "To: dr.martin@hopital-demo.test\r\n"
            + "Subject: Compte rendu d'hospitalisation\r\n"
            + "Date: Mon, 2 Nov 2026 11:30:00 +0100\r\n"
            + "Message-ID: <cr-hospitalisation-4@chu-sud.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n"
            + "\r\n"
            + "This is a multi-part message in MIME format.\r\n"
            + "--" + boundary + "\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "Veuillez trouver ci-joint le compte rendu d'hospitalisation de M. Noël.\r\n"
            + "--" + boundary + "\r\n"
            + "Content-Type: application/pdf; name=\"CR_hospitalisation_Noel.pdf\"\r\n"
            + "Content-Disposition: attachment; filename=\"CR_hospitalisation_Noel.pdf\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n"
            + "--" + boundary + "--\r\n";
        PropertyBuilder properties = new PropertyBuilder();
        properties.setMediaType("multipart");
        properties.setSubType("mixed");
        properties.setContentTypeParameters(Map.of("boundary", boundary));
        return new Letter(text.getBytes(StandardCharsets.UTF_8), Date.from(RECEIVED.plusSeconds(180)),
            properties.toProperties(), null);
    }

    static Letter shortNote(int n, String to, Instant received) {
        String header = "From: patient.contact" + n + "@example.test\r\n"
            + "To: " + to + "\r\n"
            + "Subject: Demande de rendez-vous " + n + "\r\n"
            + "Message-ID: <rdv-" + n + "@example.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n";
        String body = "Bonjour,\r\nJe souhaiterais un rendez-vous (demande n° " + n + ") la semaine prochaine.\r\nMerci.\r\n";
        return Letter.text(header, body, StandardCharsets.UTF_8, Map.of(), "8bit", received);
    }

    /** What the old node's JPA store holds: its mailboxes and the letters appended to them, by UID. */
    static final class OldNode {
        Mailbox martinInbox;
        Mailbox martinReports;
        Mailbox secretariatInbox;
        Mailbox secretariatArchive;
        Mailbox martinDrafts;
        private final Map<String, Letter> letters = new HashMap<>();

        List<Mailbox> mailboxes() {
            return List.of(martinInbox, martinReports, secretariatInbox, secretariatArchive, martinDrafts);
        }

        void kept(Mailbox mailbox, MessageUid uid, Letter letter) {
            letters.put(id(mailbox) + "/" + uid.asLong(), letter);
        }

        void expunged(Mailbox mailbox, MessageUid uid) {
            letters.remove(id(mailbox) + "/" + uid.asLong());
        }

        Letter letter(Mailbox mailbox, long uid) {
            Letter letter = letters.get(id(mailbox) + "/" + uid);
            assertThat(letter).as("message " + uid + " of " + mailbox.getName() + " was appended and kept").isNotNull();
            return letter;
        }

        long messagesIn(long mailbox) {
            return letters.keySet().stream().filter(key -> key.startsWith(mailbox + "/")).count();
        }

        long messageCount() {
            return letters.size();
        }
    }

    /** Writes the old node's mail with James's JPA mappers, as the old node did. */
    private OldNode oldNode() throws Exception {
        jpa = new OldJpaStore(database);
        OldNode old = new OldNode();
        old.martinInbox = jpa.createMailbox(MARTIN, "INBOX", UidValidity.of(1_764_000_001L));
        old.martinReports = jpa.createMailbox(MARTIN, REPORTS, UidValidity.of(1_764_000_002L));
        old.secretariatInbox = jpa.createMailbox(SECRETARIAT, "INBOX", UidValidity.of(1_764_000_003L));
        old.secretariatArchive = jpa.createMailbox(SECRETARIAT, ARCHIVE, UidValidity.of(1_764_000_004L));
        old.martinDrafts = jpa.createMailbox(MARTIN, "Drafts", UidValidity.of(1_764_000_005L));

        // Dr Martin's INBOX: the three shapes; the letter is read, answered and flagged after the others arrived;
        // a note between them was expunged (a UID gap).
        Letter letter = plainUtf8Letter();
        MessageUid first = jpa.append(old.martinInbox, letter, new Flags(Flag.RECENT));
        old.kept(old.martinInbox, first, letter);
        Letter latin1 = latin1Report();
        old.kept(old.martinInbox, jpa.append(old.martinInbox, latin1, new FlagsBuilder().add(Flag.SEEN, Flag.DELETED).build()),
            latin1);
        Letter note = shortNote(0, MARTIN.asString(), RECEIVED.plusSeconds(120));
        MessageUid expunged = jpa.append(old.martinInbox, note, new Flags(Flag.SEEN));
        old.kept(old.martinInbox, expunged, note);
        Letter multipart = multipartWithAttachment();
        old.kept(old.martinInbox, jpa.append(old.martinInbox, multipart,
            new FlagsBuilder().add(Flag.RECENT).add("$MDNSent").build()), multipart);
        jpa.expunge(old.martinInbox, expunged);
        old.expunged(old.martinInbox, expunged);
        jpa.setFlags(old.martinInbox, first, new FlagsBuilder().add(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED)
            .add("$Forwarded", "dossier-patient").build());

        // The sub-folder: a draft and a filed letter.
        Letter draft = shortNote(1, "dr.lefebvre@chu-sud.test", RECEIVED.plusSeconds(300));
        old.kept(old.martinReports, jpa.append(old.martinReports, draft,
            new FlagsBuilder().add(Flag.DRAFT, Flag.SEEN).add("a-relire").build()), draft);
        Letter filed = plainUtf8Letter();
        old.kept(old.martinReports, jpa.append(old.martinReports, filed, new Flags(Flag.SEEN)), filed);

        // The secretariat's INBOX: more than a batch of small messages with assorted flags; one expunged.
        for (int n = 1; n <= SECRETARIAT_MESSAGES; n++) {
            FlagsBuilder flags = new FlagsBuilder();
            if (n % 3 == 0) {
                flags.add(Flag.SEEN);
            }
            if (n % 7 == 0) {
                flags.add(Flag.FLAGGED);
            }
            if (n % 11 == 0) {
                flags.add("rdv-confirme");
            }
            if (n > SECRETARIAT_MESSAGES - 5) {
                flags.add(Flag.RECENT);
            }
            Letter request = shortNote(100 + n, SECRETARIAT.asString(), RECEIVED.plusSeconds(600 + n));
            old.kept(old.secretariatInbox, jpa.append(old.secretariatInbox, request, flags.build()), request);
        }
        jpa.expunge(old.secretariatInbox, MessageUid.of(100));
        old.expunged(old.secretariatInbox, MessageUid.of(100));

        // The secretariat's archive: one message without any flag. Dr Martin's drafts stay empty.
        Letter archived = shortNote(2, SECRETARIAT.asString(), RECEIVED.minusSeconds(86_400));
        old.kept(old.secretariatArchive, jpa.append(old.secretariatArchive, archived, new Flags()), archived);

        jpa.subscribe(MARTIN, REPORTS);
        jpa.subscribe(SECRETARIAT, ARCHIVE);
        jpa.annotate(old.martinInbox, "/private/comment", "Boîte du Dr Martin — courrier des correspondants");
        jpa.annotate(old.secretariatInbox, "/shared/vendor/mss/service", "Cardiologie");
        return old;
    }

    /**
     * James 3.8.1's JPA mailbox store on the test database, as the old node opened it (OpenJpaSettings: driver,
     * URL, user, pool, multithreaded, the schema named on PostgreSQL; the mapping properties in the test persistence
     * unit). Each write is one call of a James mapper inside the mapper's {@code execute}, which commits it.
     */
    static final class OldJpaStore implements AutoCloseable {
        private final EntityManagerFactory factory;
        private final JPAUidProvider uids;
        private final JPAModSeqProvider modSeqs;

        OldJpaStore(TestDatabase database) {
            Map<String, String> settings = new HashMap<>();
            boolean postgres = database.vendor() == TestDatabase.Vendor.POSTGRESQL;
            settings.put("openjpa.ConnectionDriverName", postgres ? "org.postgresql.Driver" : "org.apache.derby.iapi.jdbc.AutoloadedDriver");
            settings.put("openjpa.ConnectionURL", database.url());
            if (!database.user().isBlank()) {
                settings.put("openjpa.ConnectionUserName", database.user());
                settings.put("openjpa.ConnectionPassword", "");
            }
            settings.put("openjpa.ConnectionProperties", "MaxTotal=4,TestOnBorrow=true");
            settings.put("openjpa.Multithreaded", "true");
            if (postgres) {
                settings.put("openjpa.jdbc.Schema", database.schema());
            }
            settings.put("openjpa.Log", "slf4j");
            factory = Persistence.createEntityManagerFactory("JpaStoreCopyTest", settings);
            uids = new JPAUidProvider(factory);
            modSeqs = new JPAModSeqProvider(factory);
        }

        private interface Work<M, T> {
            T run(M mapper) throws MailboxException;
        }

        /** One call in the mapper's transaction, committed; the mapper's entity manager closed after it. */
        private static <M extends JPATransactionalMapper, T> T execute(M mapper, Work<M, T> work) throws MailboxException {
            try {
                return mapper.execute(() -> work.run(mapper));
            } finally {
                mapper.endRequest();
            }
        }

        private JPAMessageMapper messageMapper() {
            return new JPAMessageMapper(uids, modSeqs, factory);
        }

        Mailbox createMailbox(Username user, String name, UidValidity uidValidity) throws MailboxException {
            return execute(new JPAMailboxMapper(factory), mapper -> mapper.create(MailboxPath.forUser(user, name), uidValidity).block());
        }

        MessageUid append(Mailbox mailbox, Letter letter, Flags flags) throws MailboxException {
            return execute(messageMapper(), mapper -> mapper.add(mailbox, letter.message(mailbox.getMailboxId(), flags)).getUid());
        }

        void setFlags(Mailbox mailbox, MessageUid uid, Flags flags) throws MailboxException {
            execute(messageMapper(), mapper -> {
                mapper.updateFlags(mailbox, new FlagsUpdateCalculator(flags, FlagsUpdateMode.REPLACE), MessageRange.one(uid))
                    .forEachRemaining(updated -> { });
                return null;
            });
        }

        void expunge(Mailbox mailbox, MessageUid uid) throws MailboxException {
            execute(messageMapper(), mapper -> mapper.deleteMessages(mailbox, List.of(uid)));
        }

        void subscribe(Username user, String mailbox) throws MailboxException {
            execute(new JPASubscriptionMapper(factory), mapper -> {
                mapper.save(new Subscription(user, mailbox));
                return null;
            });
        }

        void annotate(Mailbox mailbox, String key, String value) throws MailboxException {
            execute(new JPAAnnotationMapper(factory), mapper -> {
                mapper.insertAnnotation(mailbox.getMailboxId(), MailboxAnnotation.newInstance(new MailboxAnnotationKey(key), value));
                return null;
            });
        }

        List<Mailbox> mailboxes() {
            JPAMailboxMapper mapper = new JPAMailboxMapper(factory);
            try {
                return mapper.list().collectList().block();
            } finally {
                mapper.endRequest();
            }
        }

        List<Snapshot> messages(Mailbox mailbox) throws MailboxException, IOException {
            JPAMessageMapper mapper = messageMapper();
            try {
                return snapshots(mapper, mailbox);
            } finally {
                mapper.endRequest();
            }
        }

        Optional<MessageUid> lastUid(Mailbox mailbox) throws MailboxException {
            JPAMessageMapper mapper = messageMapper();
            try {
                return mapper.getLastUid(mailbox);
            } finally {
                mapper.endRequest();
            }
        }

        ModSeq highestModSeq(Mailbox mailbox) throws MailboxException {
            JPAMessageMapper mapper = messageMapper();
            try {
                return mapper.getHighestModSeq(mailbox);
            } finally {
                mapper.endRequest();
            }
        }

        List<Subscription> subscriptions(Username user) throws MailboxException {
            JPASubscriptionMapper mapper = new JPASubscriptionMapper(factory);
            try {
                return mapper.findSubscriptionsForUser(user);
            } finally {
                mapper.endRequest();
            }
        }

        List<MailboxAnnotation> annotations(Mailbox mailbox) {
            JPAAnnotationMapper mapper = new JPAAnnotationMapper(factory);
            try {
                return mapper.getAllAnnotations(JPAId.of(id(mailbox)));
            } finally {
                mapper.endRequest();
            }
        }

        @Override
        public void close() {
            factory.close();
        }
    }
}
