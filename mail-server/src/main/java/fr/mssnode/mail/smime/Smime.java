package fr.mssnode.mail.smime;

/** The S/MIME parts the mailets use, handed to James as one Spring bean. */
public record Smime(MailboxKeys keys, SmimeSigner signer, SmimeVerifier verifier) {
}
