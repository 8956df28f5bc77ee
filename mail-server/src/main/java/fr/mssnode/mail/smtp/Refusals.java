package fr.mssnode.mail.smtp;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

import fr.mssnode.mail.submission.SubmissionRefusal;

/** SMTP refusals: a reply code, an enhanced status code, and a sentence a person can act on. */
final class Refusals {
    private Refusals() {
    }

    static HookResult permanent(String code, String enhancedStatus, String sentence) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(code)
            .smtpDescription(enhancedStatus + " " + ascii(sentence))
            .build();
    }

    /** SMTP replies are ASCII (RFC 5321): "MSSanté" and "Noël" lose their accents rather than turn into '?'. */
    static String ascii(String sentence) {
        String noAccents = java.text.Normalizer.normalize(sentence, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return noAccents.replaceAll("[^\\x20-\\x7E]", "?");
    }

    static HookResult of(SubmissionRefusal refusal) {
        return HookResult.builder()
            .hookReturnCode(refusal.temporary() ? HookReturnCode.denySoft() : HookReturnCode.deny())
            .smtpReturnCode(refusal.replyCode())
            .smtpDescription(refusal.enhancedStatus() + " " + ascii(refusal.sentence()))
            .build();
    }

    static HookResult temporary(String enhancedStatus, String sentence) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode("451")
            .smtpDescription(enhancedStatus + " " + ascii(sentence))
            .build();
    }
}
