package fr.mssnode.mail;

import static fr.mssnode.mail.DurabilityContract.CARDIO;
import static fr.mssnode.mail.DurabilityContract.GP;
import static fr.mssnode.mail.DurabilityContract.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.Folders;
import fr.mssnode.mail.testing.FreePorts;
import fr.mssnode.mail.testing.HaProxy;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.NodeProcess;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

import jakarta.mail.Session;
import jakarta.mail.search.SubjectTerm;

/**
 * Two node processes, one PostgreSQL, HAProxy in front (node.cluster.*): the node that holds the shared spool is
 * killed with kill -9 in the middle of a load sent through HAProxy; every message answered 250 is delivered exactly
 * once by the survivor, nothing stays in the spool; then a rolling restart (the dead node back, the other stopped)
 * loses nothing either; a letter filed through one node is searchable on the other within a second. Prints
 * failover-lost-msgs, failover-unavailable-s and index-catch-up-ms-p99 (bench/failover.sh).
 */
class TwoNodesTest {
    private static final int MESSAGES = Integer.getInteger("failover.messages", 1000);
    private static final int SENDERS = 4;

    @Test
    void aNodeKilledUnderLoadLosesNoAcceptedMessage() throws Exception {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase::skippedMessage);
        if (!HaProxy.installed()) {
            System.err.println("!!! SKIPPED: the two-node test: HAProxy is not installed (Debian: apt-get install haproxy)");
        }
        assumeTrue(HaProxy.installed(), "SKIPPED: HAProxy is not installed");
        Path work = Files.createTempDirectory("two-nodes");
        TestDatabase database = TestDatabase.postgres();
        int brokerA = FreePorts.next();
        int brokerB = FreePorts.next();
        TestNode a = clustered(new TestNode(database, Files.createDirectories(work.resolve("var-a"))), "a", brokerA, brokerA, brokerB);
        TestNode b = clustered(new TestNode(database, Files.createDirectories(work.resolve("var-b"))), "b", brokerB, brokerA, brokerB);
        List<NodeProcess> started = new ArrayList<>();
        try {
            DurabilityContract.createAccountsWithTheCommandLine(work.resolve("var-a"), a);
            NodeProcess nodeA = NodeProcess.serve(work.resolve("run-a.log"), a.arguments());
            started.add(nodeA);
            // One certificate for the service: both nodes present the same one behind the balancer.
            Folders.copyTree(work.resolve("var-a/tls"), work.resolve("var-b/tls"));
            NodeProcess nodeB = NodeProcess.serve(work.resolve("run-b.log"), b.arguments());
            started.add(nodeB);
            assertThat(List.of(holdsSpool(work.resolve("run-a.log")), holdsSpool(work.resolve("run-b.log"))))
                .as("node a holds the spool, b waits").containsExactly(true, false);

            try (HaProxy proxy = HaProxy.start(work, Map.of(
                "submission", List.of(a.submissionPort, b.submissionPort),
                "imaps", List.of(a.imapsPort, b.imapsPort)))) {
                int submission = proxy.port("submission");
                SSLContext tls = a.clientTls();
                Set<String> accepted = ConcurrentHashMap.newKeySet();
                Set<String> uncertain = ConcurrentHashMap.newKeySet();
                AtomicBoolean loadDone = new AtomicBoolean();
                List<Thread> senders = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    Thread thread = new Thread(() -> send(submission, tls, sender, accepted, uncertain), "sender-" + s);
                    senders.add(thread);
                    thread.start();
                }
                while (accepted.size() < MESSAGES / 3) {
                    Thread.sleep(20);
                }
                long killedAt = System.nanoTime();
                nodeA.kill();
                List<Long> failedProbes = new CopyOnWriteArrayList<>();
                Thread probe = new Thread(() -> probe(submission, loadDone, failedProbes), "probe");
                probe.start();
                for (Thread sender : senders) {
                    sender.join(Duration.ofMinutes(10).toMillis());
                }
                loadDone.set(true);
                probe.join();

                Session survivor = b.mailSession();
                Mailboxes.awaitStableCount(survivor, CARDIO, PASSWORD, accepted.size(), Duration.ofSeconds(180));
                List<String> delivered = DurabilityContract.withNodeErrors(work.resolve("run-b.log"),
                    () -> Mailboxes.subjects(survivor, CARDIO, PASSWORD).stream()
                        .map(subject -> subject.replaceAll(" \\[.*]$", "")).toList());
                Set<String> lost = new HashSet<>(accepted);
                lost.removeAll(delivered);
                double unavailable = failedProbes.isEmpty() ? 0
                    : (failedProbes.get(failedProbes.size() - 1) - killedAt) / 1e9;
                System.out.printf("failover-lost-msgs: %d (of %d answered 250)%n", lost.size(), accepted.size());
                System.out.printf("failover-unavailable-s: %.1f (%d failed connection probes)%n", unavailable,
                    failedProbes.size());
                assertThat(lost).as("answered 250, never delivered").isEmpty();
                assertThat(delivered).as("each message once").doesNotHaveDuplicates();
                Set<String> sent = new HashSet<>(accepted);
                sent.addAll(uncertain);
                assertThat(sent).containsAll(delivered);
                assertThat(spoolRows(database)).as("nothing left in the shared spool").isZero();
                assertThat(holdsSpool(work.resolve("run-b.log"))).as("node b took the spool over").isTrue();
                assertThat(unavailable).as("seconds new connections failed through HAProxy").isLessThanOrEqualTo(5.0);

                assertThat(readiness(b)).contains("\"sharedSpoolBroker\":\"master\"");
                // What the dead node delivered and filed is found on the survivor: IMAP SEARCH and the dossier search.
                assertThat(Mailboxes.search(survivor, CARDIO, PASSWORD, new SubjectTerm("Bascule")))
                    .hasSize(delivered.size());
                long letters = delivered.stream().map(subject -> subject.replaceAll("^Bascule (\\d+).*$", "$1"))
                    .mapToInt(Integer::parseInt).filter(i -> i % 10 == 0).distinct().count();
                assertThat(DurabilityContract.dossierSearchTotal(b)).isEqualTo((int) letters);

                // Rolling restart: the dead node comes back (waiting to take over the spool), the other one stops.
                NodeProcess backA = NodeProcess.serve(work.resolve("run-a2.log"), a.arguments());
                started.add(backA);
                assertThat(readiness(a)).contains("\"sharedSpoolBroker\":\"standby\"");
                // A letter filed by either node is searchable on the other within a second.
                List<Long> catchUps = new ArrayList<>();
                for (int k = 0; k < 20; k++) {
                    int expected = (int) letters + k + 1;
                    assertThat(sendOne(submission, tls, "Suivi " + k, MESSAGES + 10 * k)).isTrue();
                    long first = -1;
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    boolean onA = false;
                    boolean onB = false;
                    while (!(onA && onB) && System.nanoTime() < deadline) {
                        onA = onA || DurabilityContract.dossierSearchTotal(a) >= expected;
                        onB = onB || DurabilityContract.dossierSearchTotal(b) >= expected;
                        if ((onA || onB) && first < 0) {
                            first = System.nanoTime();
                        }
                        if (!(onA && onB)) {
                            Thread.sleep(20);
                        }
                    }
                    assertThat(onA && onB).as("letter " + k + " searchable on both nodes").isTrue();
                    catchUps.add((System.nanoTime() - first) / 1_000_000);
                }
                catchUps.sort(null);
                long p99 = catchUps.get((int) Math.ceil(catchUps.size() * 0.99) - 1);
                System.out.printf("index-catch-up-ms-p99: %d (%d letters, median %d)%n", p99, catchUps.size(),
                    catchUps.get(catchUps.size() / 2));
                assertThat(p99).as("a filing searchable on the other node").isLessThan(1_000);
                nodeB.stop();
                Set<String> afterRestart = ConcurrentHashMap.newKeySet();
                for (int i = 0; i < 20; i++) {
                    String subject = "Apres bascule " + i;
                    if (sendOne(submission, tls, subject, 1 + 10 * i)) {
                        afterRestart.add(subject);
                    }
                }
                assertThat(afterRestart).hasSize(20);
                Session back = a.mailSession();
                // The load, the 20 followed letters and the 20 messages after the restart.
                assertThat(Mailboxes.awaitStableCount(back, CARDIO, PASSWORD, delivered.size() + 40, Duration.ofSeconds(120)))
                    .isEqualTo(delivered.size() + 40);
                assertThat(Mailboxes.subjects(back, CARDIO, PASSWORD)).doesNotHaveDuplicates();
                assertThat(holdsSpool(work.resolve("run-a2.log"))).as("node a took the spool back").isTrue();
            }
        } finally {
            if (!Boolean.getBoolean("durability.keepNodes")) {
                for (NodeProcess process : started) {
                    process.kill();
                }
                database.close();
            }
        }
    }

    private static TestNode clustered(TestNode node, String id, int brokerPort, int... brokers) {
        return node.with("server.port", String.valueOf(FreePorts.next()))
            .with("node.cluster.enabled", "true")
            .with("node.cluster.node-id", id)
            .with("node.cluster.broker-port", String.valueOf(brokerPort))
            .with("node.cluster.brokers", "127.0.0.1:" + brokers[0] + ",127.0.0.1:" + brokers[1])
            .with("node.cluster.secret", "secret-partage-des-noeuds")
            .with("logging.level.org.apache.activemq.store.jdbc", "INFO");
    }

    /** One sender: its share of the messages, a new connection every 25, a message whose answer was cut sent again under a new subject. */
    private static void send(int port, SSLContext tls, int sender, Set<String> accepted, Set<String> uncertain) {
        SmtpDialogue smtp = null;
        int inSession = 0;
        for (int i = sender; i < MESSAGES; i += SENDERS) {
            String subject = "Bascule " + i;
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    if (smtp == null || inSession >= 25) {
                        close(smtp);
                        smtp = signedIn(port, tls);
                        inSession = 0;
                    }
                    String reply = transaction(smtp, subject, i);
                    inSession++;
                    if (reply.startsWith("250")) {
                        accepted.add(subject);
                        break;
                    }
                    Thread.sleep(200);
                } catch (IOException cut) {
                    uncertain.add(subject);
                    close(smtp);
                    smtp = null;
                    subject = "Bascule " + i + " r" + attempt;
                    sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        close(smtp);
    }

    private static boolean sendOne(int port, SSLContext tls, String subject, int i) throws IOException {
        try (SmtpDialogue smtp = signedIn(port, tls)) {
            return transaction(smtp, subject, i).startsWith("250");
        }
    }

    private static String readiness(TestNode node) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.managementPort
                + "/actuator/health/readiness")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static SmtpDialogue signedIn(int port, SSLContext tls) throws IOException {
        SmtpDialogue smtp = SmtpDialogue.connect(port, tls);
        smtp.ehlo("client.test");
        smtp.startTls("client.test");
        String auth = smtp.authPlain(GP, PASSWORD);
        if (!auth.startsWith("235")) {
            smtp.close();
            throw new IOException("AUTH: " + auth);
        }
        return smtp;
    }

    private static String transaction(SmtpDialogue smtp, String subject, int i) throws IOException {
        String mail = smtp.send("MAIL FROM:<" + GP + ">");
        if (!mail.startsWith("250")) {
            return mail;
        }
        String rcpt = smtp.send("RCPT TO:<" + CARDIO + ">");
        if (!rcpt.startsWith("250")) {
            smtp.send("RSET");
            return rcpt;
        }
        // One message in ten carries a CDA letter, filed into the dossier by whichever node processes it.
        return smtp.data(i % 10 == 0 ? DurabilityContract.letterWithCda(subject, i)
            : Mailboxes.message(GP, CARDIO, subject, "Message " + i + " de la charge"));
    }

    /** New connections through HAProxy every 100 ms while the load runs: the times of those without a 220. */
    private static void probe(int port, AtomicBoolean done, List<Long> failed) {
        while (!done.get()) {
            long at = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                socket.setSoTimeout(2000);
                String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
                if (greeting == null || !greeting.startsWith("220")) {
                    failed.add(at);
                }
            } catch (IOException e) {
                failed.add(at);
            }
            sleep(100);
        }
    }

    /** Whether the node's broker took the shared spool's lock (ActiveMQ says so in the node's log). */
    private static boolean holdsSpool(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8).contains("Becoming the master");
    }

    private static long spoolRows(TestDatabase database) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long rows;
        do {
            rows = Long.parseLong(single(database, "SELECT COUNT(*) FROM activemq_msgs"));
            if (rows == 0) {
                return 0;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return rows;
    }

    private static String single(TestDatabase database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), "");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static void close(SmtpDialogue smtp) {
        if (smtp != null) {
            try {
                smtp.close();
            } catch (IOException | RuntimeException e) {
                // already cut
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
