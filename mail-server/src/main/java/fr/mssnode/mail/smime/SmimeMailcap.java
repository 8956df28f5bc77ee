package fr.mssnode.mail.smime;

import javax.activation.CommandMap;
import javax.activation.MailcapCommandMap;

/** Registers the S/MIME content handlers of BouncyCastle with JavaMail's activation framework, once. */
final class SmimeMailcap {
    private static boolean registered;

    private SmimeMailcap() {
    }

    static synchronized void register() {
        if (registered) {
            return;
        }
        MailcapCommandMap map = (MailcapCommandMap) CommandMap.getDefaultCommandMap();
        map.addMailcap("application/pkcs7-signature;; x-java-content-handler=org.bouncycastle.mail.smime.handlers.pkcs7_signature");
        map.addMailcap("application/pkcs7-mime;; x-java-content-handler=org.bouncycastle.mail.smime.handlers.pkcs7_mime");
        map.addMailcap("application/x-pkcs7-signature;; x-java-content-handler=org.bouncycastle.mail.smime.handlers.x_pkcs7_signature");
        map.addMailcap("application/x-pkcs7-mime;; x-java-content-handler=org.bouncycastle.mail.smime.handlers.x_pkcs7_mime");
        map.addMailcap("multipart/signed;; x-java-content-handler=org.bouncycastle.mail.smime.handlers.multipart_signed");
        CommandMap.setDefaultCommandMap(map);
        registered = true;
    }
}
