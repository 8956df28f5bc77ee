package fr.mssnode.mail.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A TLS client context that trusts exactly the node's certificate (its generated development one in tests). */
public final class NodeTrust {
    private NodeTrust() {
    }

    public static SSLContext trusting(Path certificatePem) {
        return trusting(certificatePem, "TLS");
    }

    public static SSLContext trusting(Path certificatePem, String protocol) {
        try (InputStream in = Files.newInputStream(certificatePem)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("node", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot trust " + certificatePem, e);
        }
    }
}
