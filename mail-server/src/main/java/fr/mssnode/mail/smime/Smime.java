package fr.mssnode.mail.smime;

import fr.mssnode.directory.trust.Certificates;

/** The S/MIME parts the mailets use (and the directory's certificates), handed to James as one Spring bean. */
public record Smime(MailboxKeys keys, SmimeSigner signer, SmimeVerifier verifier, SmimeEnvelopes envelopes,
                    Certificates certificates) {
}
