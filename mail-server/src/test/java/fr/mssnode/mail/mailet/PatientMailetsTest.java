package fr.mssnode.mail.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.DirectorySearch;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.Patients;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.dossier.access.PatientRelease;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.inbox.PatientCopies;
import fr.mssnode.dossier.inbox.PatientNotices;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.fixtures.cda.CdaBuilder;
import fr.mssnode.mail.patient.PatientConversations;

/**
 * The patient's mailets one by one, with James's mailet test kit and a real directory and dossier (Derby, Lucene):
 * the copy of a filed document for the patient's inbox (once per version), the conversation a professional's
 * message opens or closes, and the matcher that routes messages for patients' inboxes without splitting them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientMailetsTest {
    static final String DOMAIN = "hopital-demo.test";
    static final String GP = "dr.lefebvre@" + DOMAIN;
    static final String CARDIO = "dr.benali@" + DOMAIN;
    static final String INS = Ins.withComputedKey("2850575120005").matricule();
    static final String PATIENT = INS + "@patient." + DOMAIN;

    private TestDatabase database;
    private LuceneDossierIndex index;
    private DossierBridge bridge;
    private PatientCopies copies;
    private PatientConversations conversations;

    @BeforeAll
    void open() throws Exception {
        database = TestDatabase.derby().migrated();
        JdbcDirectory directory = new JdbcDirectory(database.dataSource(), Set.of(DOMAIN, "patient." + DOMAIN));
        new DirectoryAdmin(database.dataSource(), directory).createAccount(PATIENT, AccountKind.PATIENT, "Mme Durand",
            "Tulipe-Verte-2031");
        Path folder = Files.createTempDirectory("patient-mailets");
        index = LuceneDossierIndex.open(folder.resolve("index"));
        DossierStore store = new DossierStore(database.dataSource());
        bridge = new DossierBridge(store, index);
        PatientNotices notices = new PatientNotices(directory, new DirectorySearch(database.dataSource()),
            new Patients(database.dataSource(), directory), "patient." + DOMAIN);
        copies = new PatientCopies(database.dataSource(), store, notices, PatientRelease.rules());
        conversations = new PatientConversations(database.dataSource(), directory);
    }

    @AfterAll
    void close() throws Exception {
        index.close();
        database.close();
    }

    private static MailAddress address(String address) throws Exception {
        return new MailAddress(address);
    }

    private static MimeMessage letter(byte[] cda) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(GP));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(CARDIO));
        message.setSubject("Lettre de sortie", "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Ci-joint la lettre.", "UTF-8");
        MimeBodyPart document = new MimeBodyPart();
        document.setDataHandler(new DataHandler(new ByteArrayDataSource(cda, "text/xml")));
        document.setFileName("lettre.xml");
        // Base64, as practice software sends documents: the bytes arrive exactly as written (a text part in
        // 7bit or quoted-printable travels with CRLF line ends, and the filed document has them).
        document.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(text, document));
        message.saveChanges();
        return message;
    }

    private Mail filed(String name, byte[] cda, FakeMailContext context) throws Exception {
        Mail mail = FakeMail.builder().name(name).mimeMessage(letter(cda)).sender(GP).recipients(CARDIO).build();
        FileIntoDossier filing = new FileIntoDossier(bridge);
        filing.init(FakeMailetConfig.builder().mailetName("FileIntoDossier").mailetContext(context).build());
        filing.service(mail);
        return mail;
    }

    @Test
    void copyToPatientSendsTheFiledDocumentToThePatientsInboxOncePerVersion() throws Exception {
        byte[] cda = CdaBuilder.of("11490-0", "Lettre de liaison").title("Lettre de sortie de cardiologie")
            .id("1.2.250.1.999.1.1", "copy-unit-1").author("810000000017", "Sophie", "LEFEBVRE")
            .patient(InsOid.NIR_TEST.oid(), INS, "DURAND", "Camille", "19850512", "F")
            .section("18776-5", "Conclusion", "Fibrillation atriale paroxystique.").build().getBytes(StandardCharsets.UTF_8);
        FakeMailContext context = FakeMailContext.builder().postmaster(address("postmaster@" + DOMAIN)).build();
        CopyToPatient mailet = new CopyToPatient(copies);
        mailet.init(FakeMailetConfig.builder().mailetName("CopyToPatient").mailetContext(context).build());

        mailet.service(filed("mail-1", cda, context));
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail copy = context.getSentMails().get(0);
        assertThat(copy.getRecipients()).containsExactly(address(PATIENT));
        assertThat(copy.getSender().isNullSender()).isTrue();
        MimeMessage message = copy.getMsg();
        assertThat(message.getSubject()).isEqualTo("Nouveau document dans votre dossier : Lettre de sortie de cardiologie");
        assertThat(message.getFrom()[0].toString()).isEqualTo("postmaster@" + DOMAIN);
        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(0).getContent().toString()).contains("LEFEBVRE").contains("Lettre de sortie de cardiologie");
        assertThat(parts.getBodyPart(1).getFileName()).endsWith(".html");
        assertThat(parts.getBodyPart(2).getInputStream().readAllBytes()).isEqualTo(cda);

        // The same document in another message (sent again, or to other recipients): no second copy.
        mailet.service(filed("mail-2", cda, context));
        assertThat(context.getSentMails()).hasSize(1);
        // A message without a filed document: nothing.
        mailet.service(FakeMail.builder().name("mail-3").mimeMessage(letter("<html/>".getBytes(StandardCharsets.UTF_8)))
            .sender(GP).recipients(CARDIO).build());
        assertThat(context.getSentMails()).hasSize(1);
    }

    @Test
    void recordPatientConversationOpensAndClosesWhatThePatientMayAnswer() throws Exception {
        RecordPatientConversation mailet = new RecordPatientConversation(conversations);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordPatientConversation").build());
        assertThat(conversations.refusal(PATIENT, CARDIO)).hasValueSatisfying(r -> assertThat(r.sentence()).contains("has not written"));

        MimeMessage open = new MimeMessage(Session.getInstance(new Properties()));
        open.setText("Bonjour Madame, vos résultats sont normaux.", "UTF-8");
        mailet.service(FakeMail.builder().name("m1").mimeMessage(open).sender(CARDIO).recipients(PATIENT, GP).build());
        assertThat(conversations.refusal(PATIENT, CARDIO)).isEmpty();
        assertThat(conversations.refusal(PATIENT, GP)).as("only its sender").isPresent();

        MimeMessage end = new MimeMessage(Session.getInstance(new Properties()));
        end.setHeader("X-MSS-MES", " fin ");
        end.setText("Fin de notre échange.", "UTF-8");
        mailet.service(FakeMail.builder().name("m2").mimeMessage(end).sender(CARDIO).recipients(PATIENT).build());
        assertThat(conversations.refusal(PATIENT, CARDIO)).hasValueSatisfying(r -> { assertThat(r.sentence()).contains("X-MSS-MES: FIN"); assertThat(r.rule()).isEqualTo(fr.mssnode.mail.submission.SubmissionRefusal.Rule.CONVERSATION_ENDED); });

        // The node's notices (null sender) and patients open nothing.
        MimeMessage notice = new MimeMessage(Session.getInstance(new Properties()));
        notice.setText("Avis", "UTF-8");
        mailet.service(FakeMail.builder().name("m3").mimeMessage(notice).sender(MailAddress.nullSender()).recipients(PATIENT).build());
        assertThat(conversations.refusal(PATIENT, "postmaster@" + DOMAIN)).isPresent();
        assertThat(conversations.refusal(PATIENT, "185057512000533@patient." + DOMAIN))
            .hasValueSatisfying(r -> assertThat(r.rule()).isEqualTo(fr.mssnode.mail.submission.SubmissionRefusal.Rule.PATIENT_TO_PATIENT));
    }

    @Test
    void hasPatientInboxRecipientMatchesTheWholeMessageOrNothing() throws Exception {
        HasPatientInboxRecipient matcher = new HasPatientInboxRecipient(conversations);
        matcher.init(FakeMatcherConfig.builder().matcherName("HasPatientInboxRecipient")
            .mailetContext(FakeMailContext.defaultContext()).build());
        Mail both = FakeMail.builder().name("both").sender(CARDIO).recipients(PATIENT, GP).build();
        assertThat(matcher.match(both)).containsExactlyInAnyOrder(address(PATIENT), address(GP));
        Mail professionalsOnly = FakeMail.builder().name("pros").sender(CARDIO).recipients(GP).build();
        assertThat(matcher.match(professionalsOnly)).isEmpty();
        assertThat(List.copyOf(both.getRecipients())).hasSize(2);
    }
}
