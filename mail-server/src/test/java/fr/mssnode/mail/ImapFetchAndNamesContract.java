package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.ImapDialogue.Answer;
import fr.mssnode.mail.testing.TestNode;

/**
 * FETCH and mailbox names as RFC 3501 writes them, over IMAPS, each command sent as a client sends it and each answer
 * compared with the RFC's (and Dovecot's imaptest, which checks the same): numbered sections of encapsulated
 * messages ({@code BODY[1]} of a {@code message/rfc822} message is the whole inner message, {@code [1.HEADER]},
 * {@code [1.TEXT]}, {@code [1.1]}... its parts), envelope names written as comments beside group syntax, and
 * mailbox names that are not modified UTF-7 answered BAD on a connection that stays up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImapFetchAndNamesContract {
    static final String USER = "dr.moreau@" + TestNode.DOMAIN;
    static final String PASSWORD = "Glycine-Bleue-2032";
    static final String INNER = "From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n\r\n"
        + "Hello world\r\n";
    static final String DIGEST = "From: sub@domain.org\r\nSubject: submsg\r\n"
        + "Content-Type: multipart/digest; boundary=\"foo\"\r\n\r\nprologue\r\n\r\n"
        + "--foo \r\n\r\nFrom: m1@example.com\r\nSubject: m1\r\n\r\nm1 body\r\n\r\n"
        + "--foo \r\nX-Mime: m2 header\r\n\r\nFrom: m2@example.com\r\nSubject: m2\r\n\r\nm2 body\r\n\r\n"
        + "--foo--\r\n\r\nepilogue\r\n";
    static final String OUTER = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nMime-Version: 1.0\r\n"
        + "Content-Type: message/rfc822\r\n\r\n";
    static final String SECOND = "From: user2@domain.org\r\nDate: Fri, 23 Mar 2007 11:22:33 +0200\r\nMime-Version: 1.0\r\n"
        + "Content-Type: message/rfc822\r\n\r\n";
    static final String ODD_NAME = "\"!#$&'+,-.0123456789:;<=>?@^_{}\"";

    TestNode node;
    ImapDialogue imap;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void startNodeAndAppend() throws Exception {
        node = new TestNode(newDatabase(), Files.createTempDirectory("node")).start();
        node.createAccount(USER, AccountKind.PROFESSIONAL, PASSWORD);
        imap = ImapDialogue.login(node.imapsPort, node.clientTls(), USER, PASSWORD);
        imap.expectOk("CREATE Sections");
        imap.append("Sections", "", OUTER + INNER);
        imap.append("Sections", "", OUTER + SECOND + INNER);
        imap.append("Sections", "", OUTER + DIGEST);
        imap.append("Sections", "", "Date: Sat, 01 Feb 2007 01:02:03 +0200\r\nFrom: user@domain (Real Name)\r\n"
            + "To: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;\r\nCc: \"Dr Benali\" <benali@example.test> (cardio), "
            + "lefevre@example.test\r\n\r\nbody\r\n");
        imap.expectOk("SELECT Sections");
    }

    @AfterAll
    void stopNode() throws Exception {
        if (imap != null) {
            imap.close();
        }
        if (node != null) {
            node.close();
            node.database().close();
        }
    }

    @Test
    void partOneOfAnEncapsulatedMessageIsTheWholeInnerMessage() throws Exception {
        assertThat(section(1, "")).isEqualTo(OUTER + INNER);
        assertThat(section(1, "TEXT")).isEqualTo(INNER);
        assertThat(section(1, "1")).isEqualTo(INNER);
        assertThat(section(1, "1.HEADER")).isEqualTo(
            "From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n\r\n");
        assertThat(section(1, "1.HEADER.FIELDS (from subject X-foo)")).isEqualTo(
            "From: sub@domain.org\r\nSubject: submsg\r\n\r\n");
        assertThat(section(1, "1.HEADER.FIELDS.NOT (from subject X-foo)")).isEqualTo(
            "Date: Sun, 12 Aug 2012 12:34:56 +0300\r\n\r\n");
        assertThat(section(1, "1.TEXT")).isEqualTo("Hello world\r\n");
    }

    @Test
    void twiceEncapsulatedPartsAreNumberedLevelByLevel() throws Exception {
        assertThat(section(2, "1")).isEqualTo(SECOND + INNER);
        assertThat(section(2, "1.1")).isEqualTo(INNER);
        assertThat(section(2, "1.HEADER")).isEqualTo(SECOND);
        assertThat(section(2, "1.TEXT")).isEqualTo(INNER);
        assertThat(section(2, "1.1.1")).isEqualTo("Hello world\r\n");
        assertThat(section(2, "1.1.HEADER")).isEqualTo(
            "From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n\r\n");
        assertThat(section(2, "1.1.TEXT")).isEqualTo("Hello world\r\n");
    }

    @Test
    void aDigestInsideAnEncapsulatedMessageHasMessageParts() throws Exception {
        assertThat(section(3, "1")).isEqualTo(DIGEST);
        assertThat(section(3, "1.TEXT")).isEqualTo(DIGEST.substring(DIGEST.indexOf("prologue")));
        assertThat(section(3, "1.1")).isEqualTo("From: m1@example.com\r\nSubject: m1\r\n\r\nm1 body\r\n");
        assertThat(section(3, "1.1.HEADER")).isEqualTo("From: m1@example.com\r\nSubject: m1\r\n\r\n");
        assertThat(section(3, "1.1.TEXT")).isEqualTo("m1 body\r\n");
        assertThat(section(3, "1.2")).isEqualTo("From: m2@example.com\r\nSubject: m2\r\n\r\nm2 body\r\n");
        assertThat(section(3, "1.2.MIME")).isEqualTo("X-Mime: m2 header\r\n\r\n");
        assertThat(section(3, "1.2.HEADER")).isEqualTo("From: m2@example.com\r\nSubject: m2\r\n\r\n");
        assertThat(section(3, "1.2.TEXT")).isEqualTo("m2 body\r\n");
        assertThat(imap.expectOk("FETCH 3 (BODY.PEEK[1.2]<0.10>)").untagged())
            .containsExactly("* 3 FETCH (BODY[1.2]<0> {10}\r\nFrom: m2@e)");
        assertThat(section(3, "1.3")).isEmpty();
        assertThat(section(3, "2")).isEmpty();
    }

    @Test
    void envelopeNamesWrittenAsCommentsAreKeptBesideGroups() throws Exception {
        String expected = "* 4 FETCH (ENVELOPE (\"Sat, 01 Feb 2007 01:02:03 +0200\" NIL "
            + "((\"Real Name\" NIL \"user\" \"domain\")) ((\"Real Name\" NIL \"user\" \"domain\")) "
            + "((\"Real Name\" NIL \"user\" \"domain\")) "
            + "((NIL NIL \"group\" NIL)(NIL NIL \"g1\" \"d1.org\")(NIL NIL \"g2\" \"d2.org\")(NIL NIL NIL NIL)"
            + "(NIL NIL \"group2\" NIL)(NIL NIL \"g3\" \"d3.org\")(NIL NIL NIL NIL)) "
            + "((\"Dr Benali\" NIL \"benali\" \"example.test\")(NIL NIL \"lefevre\" \"example.test\")) NIL NIL NIL))";
        assertThat(imap.expectOk("FETCH 4 ENVELOPE").untagged()).containsExactly(expected);
        // The header itself is fetched as written.
        assertThat(section(4, "HEADER.FIELDS (FROM)")).isEqualTo("From: user@domain (Real Name)\r\n\r\n");
        Answer byUid = imap.expectOk("UID FETCH 4 (UID ENVELOPE)");
        assertThat(byUid.untagged()).singleElement().asString().contains("((\"Real Name\" NIL \"user\" \"domain\"))");
    }

    @Test
    void aMailboxNameThatIsNotModifiedUtf7IsRefusedAndTheConnectionStays() throws Exception {
        for (String command : new String[] {"SELECT " + ODD_NAME, "EXAMINE " + ODD_NAME, "CREATE " + ODD_NAME,
                                            "STATUS " + ODD_NAME + " (MESSAGES)", "COPY 1 " + ODD_NAME,
                                            "UID COPY 1 " + ODD_NAME}) {
            Answer answer = imap.send(command);
            assertThat(answer.status()).as(command).matches("a\\d+ BAD .*not valid modified UTF-7.*");
        }
        assertThat(imap.send("NOOP").ok()).isTrue();
        // The same characters written as RFC 3501 asks are a name like any other.
        imap.expectOk("CREATE \"!#$&-'+,-.0123456789:;<=>?@^_{}\"");
        // '.' is the hierarchy delimiter: the name's first level is listed as its parent.
        assertThat(imap.expectOk("LIST \"\" \"!#*\"").untagged()).containsExactly(
            "* LIST (\\HasChildren) \".\" \"!#$&-'+,-\"",
            "* LIST (\\HasNoChildren) \".\" \"!#$&-'+,-.0123456789:;<=>?@^_{}\"");
        imap.expectOk("SELECT \"!#$&-'+,-.0123456789:;<=>?@^_{}\"");
        imap.expectOk("SELECT Sections");
    }

    /** The literal of {@code BODY[section]} in the answer to {@code FETCH message (BODY.PEEK[section])}. */
    private String section(int message, String section) throws Exception {
        Answer answer = imap.expectOk("FETCH " + message + " (BODY.PEEK[" + section + "])");
        String head = "* " + message + " FETCH (BODY[" + section + "] {";
        String line = answer.untagged().stream().filter(l -> l.startsWith(head))
            .findFirst().orElseThrow(() -> new AssertionError("no " + head + " in " + answer));
        return line.substring(line.indexOf("}\r\n") + 3, line.lastIndexOf(')'));
    }
}
