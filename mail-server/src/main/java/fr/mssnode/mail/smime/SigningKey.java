package fr.mssnode.mail.smime;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** The key the operator holds for a mailbox, with its certificate, to sign on the mailbox's behalf. */
public record SigningKey(PrivateKey key, X509Certificate certificate) {
}
