package fr.mssnode.mail.imap;

import java.nio.charset.CharacterCodingException;

import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapRequestLineReader;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;
import org.apache.james.imap.api.ImapMessage;

/**
 * A command naming a mailbox that is not valid modified UTF-7 (RFC 3501 section 5.1.3: {@code &} opens a base64
 * run, {@code &-} is a lone ampersand) is answered {@code BAD} with a sentence. James 3.8.1's decoder throws an
 * {@link Error} for such a name and the connection was dropped.
 */
final class MailboxNameGuard implements ImapCommandParser {
    static final HumanReadableText NOT_MODIFIED_UTF7 = new HumanReadableText("fr.mssnode.imap.MAILBOX_NAME_NOT_UTF7",
        "Mailbox name is not valid modified UTF-7 (RFC 3501 5.1.3): write & as &- and other characters in &...- base64.");

    private final AbstractImapCommandParser parser;
    private final StatusResponseFactory responses;

    MailboxNameGuard(AbstractImapCommandParser parser, StatusResponseFactory responses) {
        this.parser = parser;
        this.responses = responses;
    }

    @Override
    public ImapMessage parse(ImapRequestLineReader request, Tag tag, ImapSession session) {
        try {
            return parser.parse(request, tag, session);
        } catch (Error e) {
            if (e.getCause() instanceof CharacterCodingException) {
                return responses.taggedBad(tag, parser.getCommand(), NOT_MODIFIED_UTF7);
            }
            throw e;
        }
    }
}
