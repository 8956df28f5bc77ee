package fr.mssnode.mail.smime;

import java.util.Optional;

import fr.mssnode.directory.trust.CertificateUsage;

/**
 * The private keys the operator holds for its mailboxes: one to sign on a mailbox's behalf, one to decrypt what
 * other operators encrypt for it. An interface so that a hardware security module can hold them later; the keys
 * never leave it then, only signatures and decrypted content do.
 */
public interface MailboxKeys {

    Optional<MailboxKey> key(String address, CertificateUsage usage);

    void store(String address, CertificateUsage usage, MailboxKey key);

    default Optional<MailboxKey> signingKey(String address) {
        return key(address, CertificateUsage.SIGNING);
    }
}
