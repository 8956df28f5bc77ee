package fr.mssnode.mail.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;

import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.testing.TestDatabase;

/** The small routing pieces of the pipeline, with James's mailet test kit and a real directory (Derby). */
class RoutingMailetsTest {

    @Test
    void recipientIsAtTrustedOperatorMatchesOnlyTheTrustedOperatorsRecipients() throws Exception {
        try (TestDatabase database = TestDatabase.derby().migrated()) {
            Directory directory = new JdbcDirectory(database.dataSource(), Set.of("hopital-demo.test"));
            new DirectoryAdmin(database.dataSource(), directory).addTrustedOperator("chu-sud.test", null);
            RecipientIsAtTrustedOperator matcher = new RecipientIsAtTrustedOperator(directory);
            matcher.init(FakeMatcherConfig.builder().matcherName("RecipientIsAtTrustedOperator")
                .mailetContext(FakeMailContext.defaultContext()).build());
            Mail mail = FakeMail.builder().name("m").sender("dr.lefebvre@hopital-demo.test")
                .recipients("dr.benali@hopital-demo.test", "dr.roux@chu-sud.test", "someone@gmail.test").build();
            assertThat(matcher.match(mail)).containsExactly(new MailAddress("dr.roux@chu-sud.test"));
        }
    }

    @Test
    void traceRelayWritesARelayedLinePerRecipientWithoutContent() throws Exception {
        try (TestDatabase database = TestDatabase.derby().migrated();
             OperatorTrace trace = new OperatorTrace(database.dataSource(), java.time.Clock.systemUTC())) {
            TraceRelay mailet = new TraceRelay(trace);
            mailet.init(FakeMailetConfig.builder().mailetName("TraceRelay").mailetContext(FakeMailContext.defaultContext())
                .build());
            Mail mail = FakeMail.builder().name("relay-1").sender("dr.lefebvre@hopital-demo.test")
                .recipients("dr.roux@chu-sud.test", "dr.blanc@chu-sud.test")
                .mimeMessage(confidential())
                .build();
            mailet.service(mail);
            trace.flush();
            assertThat(trace.search("dr.roux@chu-sud.test", java.time.Instant.EPOCH, 10)).singleElement().satisfies(event -> {
                assertThat(event.action()).isEqualTo(TraceEvent.Action.RELAYED);
                assertThat(event.actor()).isEqualTo("dr.lefebvre@hopital-demo.test");
                assertThat(event.request()).contains("relay to chu-sud.test").doesNotContain("Compte rendu");
            });
            assertThat(trace.search("dr.lefebvre@hopital-demo.test", java.time.Instant.EPOCH, 10)).hasSize(2);
        }
    }

    private static javax.mail.internet.MimeMessage confidential() throws javax.mail.MessagingException {
        javax.mail.internet.MimeMessage message = new javax.mail.internet.MimeMessage(
            javax.mail.Session.getDefaultInstance(new java.util.Properties()));
        message.setSubject("Compte rendu confidentiel");
        message.setText("Texte");
        message.saveChanges();
        return message;
    }

    @Test
    void fitErrorMessageCutsWhatTheRepositoryCannotStoreAndKeepsTheRest() throws Exception {
        FitErrorMessage mailet = new FitErrorMessage();
        mailet.init(FakeMailetConfig.builder().mailetName("FitErrorMessage").build());
        Mail longError = FakeMail.builder().name("long").build();
        longError.setErrorMessage("x".repeat(500));
        mailet.service(longError);
        assertThat(longError.getErrorMessage()).hasSize(FitErrorMessage.REPOSITORY_LIMIT).endsWith("...");
        Mail shortError = FakeMail.builder().name("short").build();
        shortError.setErrorMessage("Refused: not signed.");
        mailet.service(shortError);
        assertThat(shortError.getErrorMessage()).isEqualTo("Refused: not signed.");
    }
}
