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

    /** Trusts the node's certificate and presents this client certificate when the node asks for one. */
    public static SSLContext presenting(Path nodeCertificatePem, X509Certificate clientCertificate, java.security.PrivateKey key) {
        try (InputStream in = Files.newInputStream(nodeCertificatePem)) {
            X509Certificate node = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("node", node);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            char[] secret = "test".toCharArray();
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("client", key, secret, new X509Certificate[] {clientCertificate});
            javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build a client TLS context", e);
        }
    }
}
