package fr.mssnode.mail.smtp;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/** SMTP refusals: a reply code, an enhanced status code, and a sentence a person can act on. */
final class Refusals {
    private Refusals() {
    }

    static HookResult permanent(String code, String enhancedStatus, String sentence) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(code)
            .smtpDescription(enhancedStatus + " " + sentence)
            .build();
    }

    static HookResult temporary(String enhancedStatus, String sentence) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode("451")
            .smtpDescription(enhancedStatus + " " + sentence)
            .build();
    }
}
