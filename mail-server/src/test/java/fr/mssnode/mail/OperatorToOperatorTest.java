package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.FreePorts;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.NodeProcess;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

import jakarta.mail.search.BodyTerm;

/**
 * Two operators of the espace de confiance: this node relays to another node (a child process) over
 * STARTTLS, which the other node requires; and it never hands mail to a server that offers no STARTTLS.
 */
class OperatorToOperatorTest {
    static final String PASSWORD = "Tulipe-Verte-2031";

    @Test
    void mailCrossesToAnotherOperatorOverStartTlsAndNeverInClearText() throws Exception {
        Path remoteVar = Files.createTempDirectory("operator-b");
        TestNode remote = new TestNode(TestDatabase.derby(), remoteVar).with("node.domain", "chu-sud.test");
        String remoteDoctor = "dr.roux@chu-sud.test";
        List<String> createRemote = new ArrayList<>(List.of("account", "create", "--address", remoteDoctor,
            "--kind", "professional", "--password", PASSWORD));
        createRemote.addAll(remote.arguments());
        assertThat(NodeProcess.run(remoteVar.resolve("admin.log"), createRemote).exitCode()).isZero();
        // The other operator lists its doctor in its health directory, as every operator does.
        SmallListing.Files listing = SmallListing.write(remoteVar.resolve("extracts"),
            List.of(TestNode.listingOf(remoteDoctor, AccountKind.PROFESSIONAL)));
        for (String[] command : List.of(new String[] {"import-professionals", listing.professionals().toString()},
                                        new String[] {"import-mailboxes", listing.mailboxes().toString()})) {
            List<String> importListing = new ArrayList<>(List.of("directory", command[0], "--file", command[1]));
            importListing.addAll(remote.arguments());
            NodeProcess.Result imported = NodeProcess.run(remoteVar.resolve("admin.log"), importListing);
            assertThat(imported.exitCode()).as(imported.output()).isZero();
        }
        List<String> trustUs = new ArrayList<>(List.of("operator", "add", "--domain", TestNode.DOMAIN));
        trustUs.addAll(remote.arguments());
        assertThat(NodeProcess.run(remoteVar.resolve("admin.log"), trustUs).exitCode()).isZero();

        int plainPort = FreePorts.next();
        GreenMail noTls = new GreenMail(new ServerSetup(plainPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        noTls.start();
        NodeProcess remoteNode = NodeProcess.serve(remoteVar.resolve("run.log"), remote.arguments());
        String gp = "dr.lefebvre@" + TestNode.DOMAIN;
        try (TestNode local = new TestNode(TestDatabase.derby(), Files.createTempDirectory("operator-a"))
            // STARTTLS required (the production default); the other node's development certificate is trusted by host.
            .with("node.remote-delivery.verify-server-identity", "false")
            .with("node.remote-delivery.trusted-hosts", "127.0.0.1")
            .with("node.remote-delivery.delays", "1 second")
            .with("node.remote-delivery.max-retries", "1")
            .start()) {
            local.createAccount(gp, AccountKind.PROFESSIONAL, PASSWORD);
            local.admin().addTrustedOperator("chu-sud.test", "127.0.0.1:" + remote.smtpPort);
            local.admin().addTrustedOperator("clinique-en-clair.test", "127.0.0.1:" + plainPort);

            send(local, gp, remoteDoctor, "Lettre au CHU Sud");
            send(local, gp, "dr.clair@clinique-en-clair.test", "Lettre en clair");

            assertThat(Mailboxes.awaitSubject(remote.mailSession(), remoteDoctor, PASSWORD, "Lettre au CHU Sud", 1,
                Duration.ofSeconds(60))).isEqualTo(1);
            // The server without STARTTLS never receives the letter; the sender is told instead.
            assertThat(Mailboxes.awaitSubject(local.mailSession(), gp, PASSWORD, "Lettre en clair", 1, Duration.ofSeconds(60)))
                .isEqualTo(1);
            assertThat(Mailboxes.search(local.mailSession(), gp, PASSWORD, new BodyTerm("dr.clair@clinique-en-clair.test")))
                .isNotEmpty();
            assertThat(noTls.getReceivedMessages()).isEmpty();
            // Both letters were handed to remote delivery: RELAYED lines in the operator's trace, without subjects.
            fr.mssnode.mail.trace.OperatorTrace trace = local.bean(fr.mssnode.mail.trace.OperatorTrace.class);
            trace.flush();
            assertThat(trace.search(remoteDoctor, java.time.Instant.EPOCH, 100)).anySatisfy(event -> {
                assertThat(event.action()).isEqualTo(fr.mssnode.mail.trace.TraceEvent.Action.RELAYED);
                assertThat(event.actor()).isEqualTo(gp);
                assertThat(event.request()).contains("relay to chu-sud.test").doesNotContain("Lettre");
            });
        } finally {
            remoteNode.stop();
            noTls.stop();
        }
    }

    private static void send(TestNode node, String from, String to, String subject) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            smtp.ehlo("client.test");
            smtp.startTls("client.test");
            assertThat(smtp.authPlain(from, PASSWORD)).startsWith("235");
            assertThat(smtp.send("MAIL FROM:<" + from + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + to + ">")).startsWith("250");
            assertThat(smtp.data(Mailboxes.message(from, to, subject, "Courrier entre operateurs."))).startsWith("250");
        }
    }
}
