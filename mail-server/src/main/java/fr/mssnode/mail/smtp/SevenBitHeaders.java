package fr.mssnode.mail.smtp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.ContentDisposition;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParameterList;
import javax.mail.internet.ParseException;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both SMTP listeners, end of DATA, before the spool takes the message: its raw 8-bit header values (a subject or a
 * name in UTF-8, or Latin-1, as some practice software sends them without SMTPUTF8) are rewritten in MIME's 7-bit
 * forms: encoded words (RFC 2047) for text and names, RFC 2231 for Content-Type and Content-Disposition parameters.
 * James 3.8.1 writes every message's header lines in US-ASCII when it spools it, so without this each accented letter
 * of such a header would become '?'. Headers it cannot place (a Received line) are left as they are.
 */
public class SevenBitHeaders implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SevenBitHeaders.class);
    private static final Set<String> ADDRESS_HEADERS = Set.of("from", "to", "cc", "bcc", "reply-to", "sender",
        "resent-from", "resent-to", "resent-cc", "resent-bcc", "resent-sender", "disposition-notification-to");
    private static final Set<String> TEXT_HEADERS = Set.of("subject", "comments", "keywords", "content-description");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            rewrite(mail.getMessage());
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Could not rewrite the 8-bit headers of {}: they go on as received", mail.getName(), e);
        }
        return HookResult.DECLINED;
    }

    /** Rewrites the message's 8-bit header values in place; a message in 7 bits is not touched. */
    public static void rewrite(MimeMessage message) throws MessagingException {
        Set<String> names = new LinkedHashSet<>();
        Enumeration<Header> headers = message.getAllHeaders();
        while (headers.hasMoreElements()) {
            Header header = headers.nextElement();
            if (header.getValue() != null && !isAscii(header.getValue())) {
                names.add(header.getName());
            }
        }
        for (String name : names) {
            String[] values = message.getHeader(name);
            for (int i = 0; i < values.length; i++) {
                String value = isAscii(values[i]) ? values[i] : sevenBit(name, values[i]);
                if (i == 0) {
                    message.setHeader(name, value);
                } else {
                    message.addHeader(name, value);
                }
            }
        }
    }

    /** The header value in 7 bits, or as it was when its kind is unknown. */
    static String sevenBit(String name, String rawValue) {
        String text = MimeUtility.unfold(decoded(rawValue));
        String kind = name.toLowerCase(Locale.ROOT);
        try {
            String encoded;
            if (ADDRESS_HEADERS.contains(kind)) {
                encoded = addresses(text);
            } else if (TEXT_HEADERS.contains(kind) || kind.startsWith("x-")) {
                encoded = MimeUtility.encodeText(text, "UTF-8", null);
            } else if (kind.equals("content-type")) {
                ContentType type = new ContentType(text);
                type.setParameterList(sevenBit(type.getParameterList()));
                encoded = type.toString();
            } else if (kind.equals("content-disposition")) {
                ContentDisposition disposition = new ContentDisposition(text);
                disposition.setParameterList(sevenBit(disposition.getParameterList()));
                encoded = disposition.toString();
            } else {
                return rawValue;
            }
            return MimeUtility.fold(name.length() + 2, encoded);
        } catch (ParseException | java.io.UnsupportedEncodingException | RuntimeException e) {
            return rawValue;
        }
    }

    private static String addresses(String text) throws java.io.UnsupportedEncodingException, javax.mail.internet.AddressException {
        InternetAddress[] parsed = InternetAddress.parseHeader(text, false);
        for (int i = 0; i < parsed.length; i++) {
            if (parsed[i].getPersonal() != null) {
                parsed[i] = new InternetAddress(parsed[i].getAddress(), parsed[i].getPersonal(), "UTF-8");
            }
        }
        if (parsed.length == 0 || !isAscii(InternetAddress.toString(parsed))) {
            return MimeUtility.encodeText(text, "UTF-8", null);
        }
        return InternetAddress.toString(parsed);
    }

    private static ParameterList sevenBit(ParameterList parameters) {
        if (parameters == null) {
            return null;
        }
        ParameterList encoded = new ParameterList();
        Enumeration<String> names = parameters.getNames();
        while (names.hasMoreElements()) {
            String parameter = names.nextElement();
            String value = parameters.get(parameter);
            if (value != null && !isAscii(value)) {
                encoded.set(parameter, value, "UTF-8");
            } else {
                encoded.set(parameter, value);
            }
        }
        return encoded;
    }

    /** JavaMail hands the header's bytes one char each: read them as UTF-8, or as Windows-1252 when they are not. */
    static String decoded(String rawValue) {
        boolean bytes = rawValue.chars().allMatch(c -> c < 256);
        if (!bytes) {
            return rawValue;
        }
        byte[] raw = rawValue.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(raw, WINDOWS_1252);
        }
    }

    private static boolean isAscii(String value) {
        return value.chars().allMatch(c -> c < 128);
    }
}
