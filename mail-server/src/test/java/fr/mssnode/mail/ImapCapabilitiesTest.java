package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.TestNode;

/** The node advertises only what James's IMAP layer does: no LIST-EXTENDED (its pattern lists are refused). */
class ImapCapabilitiesTest {
    static final String USER = "dr.moreau@" + TestNode.DOMAIN;
    static final String PASSWORD = "Glycine-Bleue-2032";

    @Test
    void listExtendedIsNotAdvertisedAndPlainListWorks() throws Exception {
        TestDatabase database = TestDatabase.derby();
        try (TestNode node = new TestNode(database, Files.createTempDirectory("node")).start()) {
            node.createAccount(USER, AccountKind.PROFESSIONAL, PASSWORD);
            try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), USER, PASSWORD)) {
                String capabilities = imap.expectOk("CAPABILITY").untagged().get(0);
                assertThat(capabilities).contains("IMAP4REV1").doesNotContain("LIST-EXTENDED").doesNotContain("LIST-STATUS");
                assertThat(imap.expectOk("LIST \"\" \"*\"").untagged()).anySatisfy(line -> assertThat(line).contains("INBOX"));
            }
        } finally {
            database.close();
        }
    }
}
