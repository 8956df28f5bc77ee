package fr.mssnode.mail.smime;

import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeBodyPart;

import org.bouncycastle.cms.CMSException;
import org.bouncycastle.mail.smime.SMIMEException;
import org.bouncycastle.mail.smime.SMIMESigned;

/**
 * What an opaque S/MIME signature (application/pkcs7-mime; smime-type=signed-data) wraps, as a MIME part: the
 * attachments of a message signed that way are inside it. (Whether the signature holds is VerifySignature's
 * business, not this class's.)
 */
public final class SignedContent {
    static {
        SmimeMailcap.register();
    }

    private SignedContent() {
    }

    public static boolean isOpaqueSigned(Part part) throws MessagingException {
        ContentType type = new ContentType(part.getContentType());
        if (!type.match("application/pkcs7-mime") && !type.match("application/x-pkcs7-mime")) {
            return false;
        }
        String smimeType = type.getParameter("smime-type");
        return smimeType == null || smimeType.equalsIgnoreCase("signed-data");
    }

    /** The signed content of an opaque signature; empty when the part is not one or cannot be read. */
    public static Optional<MimeBodyPart> of(Part part) {
        try {
            if (!isOpaqueSigned(part)) {
                return Optional.empty();
            }
            SMIMESigned signed = part instanceof MimeBodyPart body ? new SMIMESigned(body)
                : new SMIMESigned((javax.mail.internet.MimeMessage) part);
            return Optional.ofNullable(signed.getContent());
        } catch (MessagingException | CMSException | SMIMEException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
