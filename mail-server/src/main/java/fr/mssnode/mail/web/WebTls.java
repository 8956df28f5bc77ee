package fr.mssnode.mail.web;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import fr.mssnode.mail.tls.TlsMaterial;

/** HTTPS with the same certificate as SMTP and IMAP, TLS 1.2 and 1.3 only. */
@Component
public class WebTls implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {
    private final TlsMaterial tls;

    public WebTls(TlsMaterial tls) {
        this.tls = tls;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        Ssl ssl = new Ssl();
        ssl.setEnabled(true);
        ssl.setCertificate("file:" + tls.certificate());
        ssl.setCertificatePrivateKey("file:" + tls.privateKey());
        ssl.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        ssl.setCiphers(new String[] {
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        factory.setSsl(ssl);
    }
}
