package fr.mssnode.mail.smime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.TrustAnchor;
import fr.mssnode.directory.trust.X509Files;

/**
 * The health CAs a signature must chain to, and the revocation lists to check: the operators' trust anchors of
 * the directory (re-read every 30 s, so an added anchor counts without a restart), plus PEM files and CRL
 * files configured for the node (its own IGC Santé chain, or the test CA of demos and tests).
 */
public class TrustMaterial {
    private static final long RELOAD_MILLIS = 30_000;

    private final Certificates certificates;
    private final List<X509Certificate> configuredAnchors;
    private final List<X509CRL> crls;
    private volatile List<X509Certificate> anchors = List.of();
    private volatile long loadedAt;
    private volatile boolean loaded;

    public TrustMaterial(Certificates certificates, List<Path> anchorFiles, List<Path> crlFiles) {
        this.certificates = certificates;
        List<X509Certificate> configured = new ArrayList<>();
        for (Path file : anchorFiles) {
            try {
                configured.addAll(X509Files.read(Files.readAllBytes(file), file.toString()));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the trust anchors " + file + ": " + e.getMessage(), e);
            }
        }
        this.configuredAnchors = List.copyOf(configured);
        List<X509CRL> read = new ArrayList<>();
        for (Path file : crlFiles) {
            try (InputStream in = Files.newInputStream(file)) {
                for (java.security.cert.CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                    read.add((X509CRL) crl);
                }
            } catch (IOException | CertificateException | CRLException e) {
                throw new IllegalStateException("Cannot read the revocation list " + file + ": " + e.getMessage(), e);
            }
        }
        this.crls = List.copyOf(read);
    }

    public List<X509Certificate> anchors() {
        long now = System.currentTimeMillis();
        if (!loaded || now - loadedAt > RELOAD_MILLIS) {
            List<X509Certificate> all = new ArrayList<>(configuredAnchors);
            for (TrustAnchor anchor : certificates.allAnchors()) {
                all.addAll(X509Files.read(anchor.pem().getBytes(StandardCharsets.US_ASCII), "trust anchor " + anchor.subject()));
            }
            anchors = List.copyOf(all);
            loadedAt = now;
            loaded = true;
        }
        return anchors;
    }

    public List<X509CRL> crls() {
        return crls;
    }
}
