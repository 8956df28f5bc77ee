package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.TestNode;

/**
 * AUTHENTICATE PLAIN without an initial response, as Jakarta Mail (and so many Java clients) signs in: exactly one
 * {@code +}, then the tagged answer, then each later command its own answer. James 3.8.1 wrote the {@code +} from the
 * event loop into a buffer its command thread was flushing at the same moment, which could send it twice and leave
 * client and server one answer apart (a FETCH then gets the previous command's answer).
 */
class ImapAuthenticateContinuationTest {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";

    @Test
    void everyAnswerBelongsToItsCommandAfterAuthenticateWithoutInitialResponse() throws Exception {
        TestDatabase database = TestDatabase.derby();
        try (TestNode node = new TestNode(database, Files.createTempDirectory("node")).start()) {
            node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
            String credentials = Base64.getEncoder().encodeToString(("\0" + GP + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> rounds = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                rounds.add(clients.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, node.clientTls())) {
                            imap.writeRaw("a1 AUTHENTICATE PLAIN\r\n".getBytes(StandardCharsets.US_ASCII));
                            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("+"));
                            imap.writeRaw((credentials + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("a1 OK"));
                            imap.writeRaw("a2 NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("a2 OK"));
                            // LOGOUT: BYE, then the tagged OK, then the node closes.
                            imap.writeRaw("a3 LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
                            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("* BYE"));
                            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("a3 OK"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> round : rounds) {
                round.get();
            }
            clients.shutdown();
        } finally {
            database.close();
        }
    }
}
