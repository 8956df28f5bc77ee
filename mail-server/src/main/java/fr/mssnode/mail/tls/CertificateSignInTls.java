package fr.mssnode.mail.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;

import nl.altindag.ssl.util.PemUtils;

/**
 * TLS that asks the client for a certificate without requiring one (RFC 5246/8446 CertificateRequest, "want"), for
 * the listeners where practice software signs in to its application mailbox with SASL EXTERNAL. Any certificate is
 * accepted at the handshake, which proves the client holds its private key; whether it opens a mailbox is decided
 * afterwards, at AUTH, against the directory ({@code CertificateSignIn}), so that a client with an unknown
 * certificate gets a sentence saying so instead of a TLS alert, and clients without one (passwords, tokens) are
 * unaffected. James's own client authentication only knows "need", which would turn those clients away.
 */
public final class CertificateSignInTls {
    /** The listener setting that switches it on (James ignores elements it does not know). */
    public static final String SETTING = "certificateSignIn";

    private CertificateSignInTls() {
    }

    /** Whether the listener's configuration asks for client certificates. */
    public static boolean wanted(HierarchicalConfiguration<ImmutableNode> configuration) {
        return configuration.getBoolean(SETTING, false);
    }

    /** The listener's TLS (same key, protocols, suites and mode as James's {@code configured}), asking for a certificate. */
    public static Encryption requestingCertificates(Encryption configured, HierarchicalConfiguration<ImmutableNode> configuration)
            throws GeneralSecurityException {
        X509ExtendedKeyManager identity = PemUtils.loadIdentityMaterial(path(configuration.getString("tls.certificates")),
            path(configuration.getString("tls.privateKey")));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new javax.net.ssl.KeyManager[] {identity}, new TrustManager[] {new CheckedAtSignIn()}, null);
        String[] protocols = configuration.getStringArray("tls.supportedProtocols.protocol");
        String[] suites = configured.getEnabledCipherSuites();
        return configured.isStartTLS()
            ? Encryption.createStartTls(context, suites, protocols.length == 0 ? null : protocols, ClientAuth.WANT)
            : Encryption.createTls(context, suites, protocols.length == 0 ? null : protocols, ClientAuth.WANT);
    }

    /** The certificate the client presented on this connection, if any. */
    public static Optional<X509Certificate> presentedBy(Optional<SSLSession> session) {
        if (session.isEmpty()) {
            return Optional.empty();
        }
        try {
            java.security.cert.Certificate[] chain = session.get().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException none) {
            return Optional.empty();
        }
    }

    private static Path path(String jamesUrl) {
        if (jamesUrl == null) {
            throw new IllegalStateException("Certificate sign-in needs the listener's tls.certificates and tls.privateKey");
        }
        return Path.of(jamesUrl.startsWith("file://") ? jamesUrl.substring("file://".length()) : jamesUrl);
    }

    /** Takes any client certificate (the handshake proves the key); the directory decides at sign-in. */
    private static final class CheckedAtSignIn extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("Empty client certificate chain");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("This trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
