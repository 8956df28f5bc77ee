package fr.mssnode.mail;

import static fr.mssnode.mail.DurabilityContract.CARDIO;
import static fr.mssnode.mail.DurabilityContract.INS;
import static fr.mssnode.mail.DurabilityContract.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.Folders;
import fr.mssnode.mail.testing.FreePorts;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.NodeProcess;
import fr.mssnode.mail.testing.TestNode;

import jakarta.mail.Session;
import jakarta.mail.search.SubjectTerm;

/**
 * {@code backup --to} while the node runs and serves, then the machine is wiped (database and node folder) and
 * {@code restore --from} rebuilds it: the accounts sign in, the mail is in the mailbox and found by IMAP SEARCH,
 * the document by the dossier search, the access history is intact. The node runs as a child process and every
 * step is the operator's command line.
 */
abstract class BackupRestoreContract {

    abstract TestDatabase newDatabase();

    @Test
    void aBackupTakenWhileTheNodeServesRestoresOntoAWipedMachine() throws Exception {
        Path work = Files.createTempDirectory("backup-restore");
        Path var = Files.createDirectories(work.resolve("var"));
        Path backup = work.resolve("backup");
        TestDatabase database = newDatabase();
        TestNode settings = new TestNode(database, var).with("server.port", String.valueOf(FreePorts.next()));
        List<NodeProcess> started = new ArrayList<>();
        try {
            DurabilityContract.createAccountsWithTheCommandLine(var, settings);
            NodeProcess node = NodeProcess.serve(work.resolve("run1.log"), settings.arguments());
            started.add(node);
            DurabilityContract.sendLetter(settings, "Lettre sauvegardee", 1);
            awaitFiled(settings, 1);
            HttpResponse<String> read = DurabilityContract.https(settings, "/api/dossiers/" + INS);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);

            // Online: the node keeps serving while the backup is written, and after.
            NodeProcess.Result backedUp = NodeProcess.run(work.resolve("admin.log"),
                DurabilityContract.command(settings, "backup", "--to", backup.toString()));
            assertThat(backedUp.exitCode()).as(backedUp.output()).isZero();
            assertThat(backedUp.output()).contains("Backed up the node to " + backup)
                .contains("2 accounts, 1 messages, 1 dossier documents");
            if (database.vendor() == TestDatabase.Vendor.DERBY) {
                assertThat(backedUp.output()).contains("(written by the running node)");
            }
            assertThat(backup.resolve("manifest.json")).exists();
            assertThat(backup.resolve("files/var/keys/keystore.password")).exists();
            NodeProcess.Result again = NodeProcess.run(work.resolve("admin.log"),
                DurabilityContract.command(settings, "backup", "--to", backup.toString()));
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.output()).contains("is not empty");
            DurabilityContract.sendLetter(settings, "Lettre apres la sauvegarde", 2);
            awaitFiled(settings, 2);
            node.stop();

            // A copy damaged on the way is refused before anything is written.
            Path damaged = work.resolve("damaged");
            Folders.copyTree(backup, damaged);
            Path keys = damaged.resolve("files/var/keys/keystore.password");
            Files.writeString(keys, Files.readString(keys) + "x");
            TestNode elsewhere = new TestNode(database, work.resolve("var-elsewhere"));
            NodeProcess.Result refused = NodeProcess.run(work.resolve("admin.log"),
                DurabilityContract.command(elsewhere, "restore", "--from", damaged.toString()));
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output()).contains("The backup is damaged: files/var/keys/keystore.password");
            NodeProcess.Result notABackup = NodeProcess.run(work.resolve("admin.log"),
                DurabilityContract.command(elsewhere, "restore", "--from", work.resolve("var").toString()));
            assertThat(notABackup.exitCode()).isEqualTo(1);
            assertThat(notABackup.output()).contains("is not a backup");
            NodeProcess.Result occupied = NodeProcess.run(work.resolve("admin.log"),
                DurabilityContract.command(settings, "restore", "--from", backup.toString()));
            assertThat(occupied.exitCode()).isEqualTo(1);
            assertThat(occupied.output()).contains("Nothing was restored");

            // The machine is lost: database and node folder.
            wipe(database, var);

            Path restoredVar = work.resolve("restored-var");
            TestNode restored = new TestNode(database, restoredVar).with("server.port", String.valueOf(FreePorts.next()));
            NodeProcess.Result back = NodeProcess.run(work.resolve("admin.log"),
                DurabilityContract.command(restored, "restore", "--from", backup.toString()));
            assertThat(back.exitCode()).as(back.output()).isZero();
            assertThat(back.output()).contains("Restored the backup of")
                .contains("2 accounts, 1 messages, 1 dossier documents")
                .contains("rebuilt from the database when the node starts");

            NodeProcess again2 = NodeProcess.serve(work.resolve("run2.log"), restored.arguments());
            started.add(again2);
            Session session = restored.mailSession();
            assertThat(Mailboxes.count(session, CARDIO, PASSWORD)).isEqualTo(1);
            assertThat(Mailboxes.search(session, CARDIO, PASSWORD, new SubjectTerm("sauvegardee")))
                .containsExactly("Lettre sauvegardee");
            assertThat(Mailboxes.search(session, CARDIO, PASSWORD, new SubjectTerm("apres"))).isEmpty();
            assertThat(DurabilityContract.dossierSearchTotal(restored)).isEqualTo(1);
            // The restored node takes mail again, and files it.
            DurabilityContract.sendLetter(restored, "Lettre apres la restauration", 3);
            awaitFiled(restored, 2);
            again2.stop();

            NodeProcess.Result accesses = NodeProcess.run(work.resolve("admin.log"),
                DurabilityContract.command(restored, "dossier", "accesses", "--ins", INS));
            assertThat(accesses.exitCode()).as(accesses.output()).isZero();
            assertThat(accesses.output()).contains("granted").contains("<" + CARDIO + ">");
            NodeProcess.Result intact = NodeProcess.run(work.resolve("admin.log"),
                DurabilityContract.command(restored, "dossier", "verify-audit"));
            assertThat(intact.exitCode()).as(intact.output()).isZero();
            assertThat(intact.output()).contains("The access history is intact");
        } finally {
            for (NodeProcess process : started) {
                process.kill();
            }
            database.close();
        }
    }

    private static void awaitFiled(TestNode settings, int documents) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (DurabilityContract.dossierSearchTotal(settings) < documents && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(DurabilityContract.dossierSearchTotal(settings)).isEqualTo(documents);
    }

    private static void wipe(TestDatabase database, Path var) throws Exception {
        if (database.vendor() == TestDatabase.Vendor.POSTGRESQL) {
            try (Connection connection = DriverManager.getConnection(TestDatabase.POSTGRES_URL, database.user(), "");
                 Statement drop = connection.createStatement()) {
                drop.execute("DROP SCHEMA " + database.schema() + " CASCADE");
            }
        }
        try (Stream<Path> tree = Files.walk(var)) {
            for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
