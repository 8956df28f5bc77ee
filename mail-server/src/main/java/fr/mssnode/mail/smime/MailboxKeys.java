package fr.mssnode.mail.smime;

import java.util.Optional;

/**
 * The private keys the operator holds for its mailboxes. An interface so that a hardware security module can
 * hold them later; the keys never leave it then, only signatures do.
 */
public interface MailboxKeys {

    Optional<SigningKey> signingKey(String address);

    void storeSigningKey(String address, SigningKey key);
}
