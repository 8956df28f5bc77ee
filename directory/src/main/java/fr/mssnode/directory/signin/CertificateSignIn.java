package fr.mssnode.directory.signin;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.MailboxCertificate;
import fr.mssnode.directory.trust.X509Files;

/**
 * Decides whether the client certificate a TLS client presented opens a mailbox (SASL EXTERNAL): the certificate
 * must be the very one registered in the directory for sign-in to that mailbox (pinned by its SHA-256; the TLS
 * handshake proved the client holds its private key), within its validity dates, and the mailbox open. The client
 * may name the mailbox (SASL authorization identity); it must then be the certificate's. Failures count in the same
 * {@link SignInThrottle} as passwords and tokens.
 */
public class CertificateSignIn {
    /** What a password sign-in to a mailbox set to take its certificate only is told. */
    public static final String PASSWORD_REFUSED = "This mailbox signs in with its registered client certificate only"
        + " (SASL EXTERNAL over TLS): passwords are not accepted.";

    /** What the throttle counts when the client named no mailbox and the certificate is unknown. */
    private static final String UNNAMED = "(certificate)";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Directory directory;
    private final Certificates certificates;
    private final SignInThrottle throttle;
    private final Clock clock;

    public CertificateSignIn(Directory directory, Certificates certificates, SignInThrottle throttle, Clock clock) {
        this.directory = directory;
        this.certificates = certificates;
        this.throttle = throttle;
        this.clock = clock;
    }

    public sealed interface Verdict permits SignedIn, Refused {
    }

    /** The certificate opens this account's mailbox. */
    public record SignedIn(Account account, String sha256) implements Verdict {
    }

    /** Refused, with a sentence for the client; {@code temporary} when trying again later may work (throttled). */
    public record Refused(String sentence, boolean temporary) implements Verdict {
    }

    public Verdict signIn(Optional<X509Certificate> presented, Optional<String> mailbox, String clientAddress) {
        Optional<String> named = mailbox.map(m -> m.trim().toLowerCase(Locale.ROOT)).filter(m -> !m.isEmpty());
        if (presented.isEmpty()) {
            return new Refused("No client certificate was presented in the TLS handshake: configure the application's"
                + " certificate in its mail settings and connect again.", false);
        }
        X509Certificate certificate = presented.get();
        String sha256 = X509Files.sha256(certificate);
        Optional<MailboxCertificate> registered = certificates.signInCertificate(sha256);
        String login = named.orElse(registered.map(MailboxCertificate::address).orElse(UNNAMED));
        SignInVerdict verdict = throttle.before(login, clientAddress);
        if (verdict instanceof SignInVerdict.Locked locked) {
            return new Refused("Too many failed sign-ins for " + login + " from your address: locked from here until "
                + DAY.format(locked.until()) + ". Your administrator can unlock it.", false);
        }
        if (verdict instanceof SignInVerdict.Wait wait) {
            return new Refused("Too many failed sign-ins from your address: try again in " + wait.seconds() + " s.", true);
        }
        Instant now = clock.instant();
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
            return failed(login, clientAddress, "The client certificate expired on " + DAY.format(certificate.getNotAfter().toInstant())
                + ": renew it and register the new one.");
        }
        if (certificate.getNotBefore().toInstant().isAfter(now)) {
            return failed(login, clientAddress, "The client certificate is not valid before "
                + DAY.format(certificate.getNotBefore().toInstant()) + ".");
        }
        if (registered.isEmpty()) {
            return failed(login, clientAddress, "This client certificate (SHA-256 " + sha256.substring(0, 16) + "...) is not"
                + " registered for sign-in to any mailbox of this node: your operator registers it with"
                + " 'directory import-certificate --usage sign-in'.");
        }
        String address = registered.get().address();
        if (named.isPresent() && !named.get().equals(address)) {
            return failed(login, clientAddress, "This client certificate opens " + address + ", not " + named.get() + ".");
        }
        Optional<Account> account = directory.findAccount(address).filter(Account::active);
        if (account.isEmpty()) {
            return failed(login, clientAddress, "The mailbox " + address + " is closed.");
        }
        throttle.succeeded(address, clientAddress);
        return new SignedIn(account.get(), sha256);
    }

    /**
     * The mailbox a SASL EXTERNAL response names (its authorization identity, base64), or none when it is empty or
     * {@code =}; {@link IllegalArgumentException} when it is not base64.
     */
    public static Optional<String> requestedMailbox(String saslResponse) {
        String trimmed = saslResponse == null ? "" : saslResponse.trim();
        if (trimmed.isEmpty() || trimmed.equals("=")) {
            return Optional.empty();
        }
        String decoded = new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8).trim();
        return decoded.isEmpty() ? Optional.empty() : Optional.of(decoded);
    }

    private Refused failed(String login, String clientAddress, String sentence) {
        SignInVerdict next = throttle.failed(login, clientAddress);
        if (next instanceof SignInVerdict.Locked locked) {
            return new Refused(sentence + " Too many failed sign-ins: locked from your address until "
                + DAY.format(locked.until()) + ".", false);
        }
        return new Refused(sentence, false);
    }
}
