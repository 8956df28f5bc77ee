package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * James 3.8.1's published flaws fixed in 3.8.2, which this registry does not serve. CVE-2024-37358 (IMAP literals)
 * is guarded in front of James and proven over IMAPS in {@link ImapLiteralLimitsTest}. CVE-2024-45626 lies in the
 * JMAP draft module's HTML-to-text conversion: the node ships no JMAP at all (checked here), and its own HTML reading
 * for the mailbox index is linear (MessageTextReaderTest).
 */
class KnownVulnerabilitiesTest {

    @Test
    void noJmapModuleIsOnTheNodesClasspath() {
        List<String> jmapClasses = List.of("org.apache.james.jmap.draft.JMAPModule",
            "org.apache.james.jmap.draft.utils.JsoupHtmlTextExtractor", "org.apache.james.jmap.JMAPServer");
        for (String name : jmapClasses) {
            assertThat(loadable(name)).as(name).isFalse();
        }
        assertThat(loadable("org.apache.james.imapserver.netty.IMAPServer")).as("the check itself sees James").isTrue();
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, false, KnownVulnerabilitiesTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
