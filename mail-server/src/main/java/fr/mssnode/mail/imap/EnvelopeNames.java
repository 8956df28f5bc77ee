package fr.mssnode.mail.imap;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.processor.fetch.EnvelopeBuilder;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.Headers;
import org.apache.james.mailbox.model.MessageResult;

/**
 * Envelope addresses written the old way, {@code user@domain (Real Name)}, keep their name: the comment after a bare
 * address is its display name in the ENVELOPE, as mail clients and other IMAP servers show it. James 3.8.1's address
 * parser drops comments, so such an address reached the envelope without a name.
 *
 * <p>Only address headers that hold such a comment are rewritten (to {@code "Real Name" <user@domain>}) and only
 * for building the envelope; the message and its header as fetched are untouched.
 */
final class EnvelopeNames {
    private static final Set<String> ADDRESS_HEADERS = Set.of("from", "sender", "reply-to", "to", "cc", "bcc");

    /** A bare address followed by one comment, as a whole item of an address list (or of a group). */
    private static final Pattern COMMENTED_ADDRESS = Pattern.compile(
        "(^|[,:])(\\s*)([^\\s<>()\\[\\],;:\"@]+@[^\\s<>()\\[\\],;:\"]+)\\s*\\(((?:[^()\\\\]|\\\\.)*)\\)(?=\\s*(?:[,;]|$))");

    private EnvelopeNames() {
    }

    /** The message's envelope with commented addresses named, or empty when none of its addresses is written so. */
    static Optional<FetchResponse.Envelope> namedByComments(MessageResult message) {
        try {
            List<Header> headers = new ArrayList<>();
            boolean rewritten = false;
            for (Iterator<Header> it = message.getHeaders().headers(); it.hasNext();) {
                Header header = it.next();
                String named = ADDRESS_HEADERS.contains(header.getName().toLowerCase(Locale.ROOT))
                    ? named(header.getValue()) : header.getValue();
                rewritten |= !named.equals(header.getValue());
                headers.add(named.equals(header.getValue()) ? header : new Header(header.getName(), named));
            }
            if (!rewritten) {
                return Optional.empty();
            }
            return Optional.of(new EnvelopeBuilder().buildEnvelope(listed(headers)));
        } catch (MailboxException | RuntimeException unreadable) {
            // James's own envelope stands.
            return Optional.empty();
        }
    }

    /** {@code a@b (Name), c@d} becomes {@code "Name" <a@b>, c@d}; anything else is left as written. */
    static String named(String addressList) {
        if (addressList.indexOf('(') < 0) {
            return addressList;
        }
        Matcher matcher = COMMENTED_ADDRESS.matcher(addressList);
        StringBuilder named = new StringBuilder();
        while (matcher.find()) {
            String comment = matcher.group(4).replaceAll("\\\\(.)", "$1").trim();
            String replacement = comment.isEmpty()
                ? matcher.group(1) + matcher.group(2) + matcher.group(3)
                : matcher.group(1) + matcher.group(2) + quoted(comment) + " <" + matcher.group(3) + ">";
            matcher.appendReplacement(named, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(named);
        return named.toString();
    }

    private static String quoted(String name) {
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static Headers listed(List<Header> headers) {
        return new Headers() {
            @Override
            public Iterator<Header> headers() {
                return headers.iterator();
            }

            @Override
            public InputStream getInputStream() {
                throw new UnsupportedOperationException("only the fields are read for an envelope");
            }

            @Override
            public long size() {
                return 0;
            }
        };
    }
}
