package fr.mssnode.mail.smime;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A private key the operator holds for a mailbox (to sign for it, or to decrypt what it receives), with its certificate. */
public record MailboxKey(PrivateKey key, X509Certificate certificate) {
}
