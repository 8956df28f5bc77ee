package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.fixtures.cda.CdaBuilder;
import fr.mssnode.fixtures.cda.XdmBuilder;
import fr.mssnode.mail.smime.MailboxKeys;
import fr.mssnode.mail.smime.TestPki;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.TestNode;


/**
 * Filing over the real protocol: a doctor's mail client sends a letter with a CDA or an XDM package; the node
 * signs it, files it in the patient's dossier and delivers it; a document that cannot be filed is delivered all
 * the same, its sender told why and the document kept for the operator. Once per database vendor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DossierFilingContract {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final String INS = Ins.withComputedKey("2850575120005").matricule();
    static final String ROOT = InsOid.NIR_TEST.oid();

    TestNode node;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void start() throws Exception {
        node = new TestNode(newDatabase(), Files.createTempDirectory("filing")).start();
        node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
        node.createAccount(CARDIO, AccountKind.PROFESSIONAL, PASSWORD);
        TestPki.issue(node.bean(NodeProperties.class), GP, node.bean(MailboxKeys.class), node.bean(Certificates.class));
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
            node.database().close();
        }
    }

    private void send(String subject, byte[] attachment, String mediaType, String fileName, String... mssHeaders)
        throws Exception {
        Mailboxes.sendWithAttachment(node.mailSession(), GP, PASSWORD, CARDIO, subject, attachment, mediaType, fileName, mssHeaders);
    }

    private String received(String user, String subject) throws Exception {
        return new String(Mailboxes.awaitRaw(node.mailSession(), user, PASSWORD, subject, Duration.ofSeconds(20)),
            StandardCharsets.UTF_8);
    }

    @Test
    void aLetterWithACdaIsSignedFiledAndDelivered() throws Exception {
        byte[] cda = CdaBuilder.of("11490-0", "Lettre de liaison à la sortie").title("Lettre de sortie")
            .id("1.2.250.1.999.1.1", "lettre-1").patient(ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .section("10160-0", "Traitements de sortie", "Bisoprolol", CdaBuilder.medication("3400", "BISOPROLOL 2,5 mg", "1", "{cp}"))
            .build().getBytes(StandardCharsets.UTF_8);
        send("Lettre de sortie Mme Durand", cda, "application/hl7-cda+xml", "lettre.xml",
            "X-MSS-CODECDA", "11490-0", "X-MSS-INS", "O", "Disposition-Notification-To", GP);
        String raw = received(CARDIO, "Lettre de sortie Mme Durand");
        assertThat(raw).contains("X-MSS-Dossier: filed=1; refused=0; codecda=ok; ins=ok").contains("X-MSS-Signature: valid; signer=" + GP);
        String acknowledgement = received(GP, "XDM/1.0/DDM+Lettre de sortie DURAND Camille 12/05/1985");
        assertThat(acknowledgement).contains("multipart/report").contains("report-type=disposition-notification")
            .contains("Disposition: automatic-action/MDN-sent-automatically;processed\r\n")
            .contains("Final-Recipient: rfc822; " + CARDIO).contains("Original-Recipient: rfc822; " + CARDIO)
            .contains("Original-Message-ID: <").contains("From: postmaster@" + TestNode.DOMAIN);
        DossierStore dossier = node.bean(DossierStore.class);
        assertThat(dossier.currentDocuments(INS)).anySatisfy(document -> {
            assertThat(document.documentUid()).isEqualTo("1.2.250.1.999.1.1^lettre-1");
            assertThat(dossier.content(document.id())).isEqualTo(cda);
        });
        assertThat(dossier.currentFacts(INS)).anySatisfy(fact -> assertThat(fact.fact().display()).isEqualTo("BISOPROLOL 2,5 mg"));
    }

    @Test
    void anXdmPackageIsFiledDocumentByDocument() throws Exception {
        byte[] cda = CdaBuilder.of("11502-2", "Compte rendu de biologie").id("1.2.250.1.999.1.1", "bio-1")
            .patient(ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .section("18719-5", "Biochimie", "Glycémie", CdaBuilder.result("14749-6", "Glucose", "5.4", "mmol/L"))
            .build().getBytes(StandardCharsets.UTF_8);
        byte[] zip = new XdmBuilder("SS000001", INS, ROOT, "810000000017")
            .document("DOC0001.XML", "text/xml", cda, "11502-2", "Compte rendu de biologie", "Biologie", "N")
            .document("DOC0002.PDF", "application/pdf", "%PDF-1.4 bilan".getBytes(StandardCharsets.US_ASCII), "11502-2",
                "Compte rendu de biologie", "Bilan en PDF", "N", "INVISIBLE_PATIENT")
            .build();
        send("Bilan biologique XDM", zip, "application/zip", "IHE_XDM.ZIP", "X-MSS-CODECDA", "11502-2,11490-0");
        assertThat(received(CARDIO, "Bilan biologique XDM"))
            .contains("X-MSS-Dossier: filed=2; refused=0; codecda=mismatch (declared 11490-0,11502-2, filed 11502-2)");
        assertThat(node.bean(DossierStore.class).currentDocuments(INS)).anySatisfy(document -> {
            assertThat(document.mediaType()).isEqualTo("application/pdf");
            assertThat(document.invisibleToPatient()).isTrue();
        });
    }

    @Test
    void aDocumentThatCannotBeFiledIsDeliveredAndItsSenderToldWhy() throws Exception {
        String wrongKey = INS.substring(0, 13) + String.format("%02d", (Integer.parseInt(INS.substring(13)) + 1) % 100);
        byte[] bad = CdaBuilder.of("11490-0", "Lettre de liaison").patient(ROOT, wrongKey, "DURAND", "Camille", "19850512", "F")
            .build().getBytes(StandardCharsets.UTF_8);
        send("Lettre avec INS errone", bad, "text/xml", "lettre-ins.xml", "Disposition-Notification-To", GP);
        assertThat(received(CARDIO, "Lettre avec INS errone")).contains("X-MSS-Dossier: filed=0; refused=1");
        String notice = received(GP, "Document non class");
        assertThat(notice).contains("From: postmaster@" + TestNode.DOMAIN).contains("Return-Path: <>")
            .contains("lettre-ins.xml: not filed, the patient's INS is not valid").contains("[ins-cle]");
        assertThat(received(GP, "[KO Intégration système !][ins-cle]")).contains(
            "Disposition: automatic-action/MDN-sent-automatically;processed/Error: ins-cle^the patient's INS is not valid")
            .contains("Original-Recipient: rfc822; " + CARDIO).contains("Original-Message-ID: <");
        DossierStore.Refusal kept = node.bean(DossierStore.class).refusals(10).stream()
            .filter(r -> r.attachment().equals("lettre-ins.xml")).findFirst().orElseThrow();
        assertThat(kept.reasonCode()).isEqualTo("ins-cle");
        assertThat(kept.sender()).isEqualTo(GP);
        assertThat(node.bean(DossierStore.class).refusedContent(kept.id())).contains(bad);
    }
}
