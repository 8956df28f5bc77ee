package fr.mssnode.mail.smime;

import java.io.IOException;
import java.nio.file.Path;

import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.TestCertificateAuthority;
import fr.mssnode.directory.trust.X509Files;
import fr.mssnode.mail.NodeProperties;

/**
 * The node's test PKI (var/pki): a test health CA that issues S/MIME certificates for the node's mailboxes, so
 * that demos and tests sign and verify for real. The node trusts it only with node.smime.trust-test-ca=true.
 */
public final class TestPki {
    private TestPki() {
    }

    public static Path folder(NodeProperties node) {
        return node.varPath().resolve("pki");
    }

    public static TestCertificateAuthority authority(NodeProperties node) {
        try {
            return TestCertificateAuthority.inFolder(folder(node), "AC TEST SANTE " + node.getDomain().toUpperCase(java.util.Locale.ROOT));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the test CA in " + folder(node) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Issues a signing and an encryption certificate for the mailbox, keeps both keys in the node's keystore
     * and registers both certificates in the directory. Returns the signing certificate's SHA-256.
     */
    public static String issue(NodeProperties node, String address, MailboxKeys keys, Certificates certificates) {
        TestCertificateAuthority authority = authority(node);
        TestCertificateAuthority.Issued signing = authority.signing(address);
        TestCertificateAuthority.Issued encryption = authority.encryption(address);
        certificates.register(address, CertificateUsage.SIGNING, X509Files.der(signing.certificate()));
        certificates.register(address, CertificateUsage.ENCRYPTION, X509Files.der(encryption.certificate()));
        keys.store(address, CertificateUsage.SIGNING, new MailboxKey(signing.key(), signing.certificate()));
        keys.store(address, CertificateUsage.ENCRYPTION, new MailboxKey(encryption.key(), encryption.certificate()));
        return X509Files.sha256(signing.certificate());
    }
}
