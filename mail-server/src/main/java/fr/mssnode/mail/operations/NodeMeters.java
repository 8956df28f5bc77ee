package fr.mssnode.mail.operations;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * The node's own meters, in one place: what its mail listeners accept and refuse, what it delivers, relays and
 * bounces, how long delivery takes, what filing does, dossier searches, failed sign-ins and TLS handshakes. Recorded
 * in Micrometer's global registry, which Spring Boot binds to the Prometheus registry served on the management port
 * (so James's hooks and mailets, built by Guice, count without being handed a registry); without it, nothing is kept.
 */
public final class NodeMeters {
    private NodeMeters() {
    }

    /** A message answered 250 ({@code SMTP} on either listener, {@code HTTPS} from the web space). */
    public static void accepted(String protocol) {
        Counter.builder("mss.mail.accepted").description("Messages accepted into the spool").tag("protocol", protocol)
            .register(Metrics.globalRegistry).increment();
    }

    /** A message (or one of its recipients) refused; {@code reason}: the enhanced status code, e.g. 5.7.1. */
    public static void refused(String protocol, String reason) {
        Counter.builder("mss.mail.refused").description("Messages or recipients refused, by enhanced status code")
            .tag("protocol", protocol).tag("reason", reason).register(Metrics.globalRegistry).increment();
    }

    /** Stored in one of this node's mailboxes. */
    public static void delivered() {
        Counter.builder("mss.mail.delivered").description("Messages stored in a local mailbox (one per recipient)")
            .register(Metrics.globalRegistry).increment();
    }

    /** Handed to remote delivery for another operator. */
    public static void relayed() {
        Counter.builder("mss.mail.relayed").description("Recipients handed to remote delivery (trusted operators)")
            .register(Metrics.globalRegistry).increment();
    }

    /** Returned to its sender; {@code why}: the processor that bounced it. */
    public static void bounced(String why) {
        Counter.builder("mss.mail.bounced").description("Messages returned to their sender, by processor").tag("why", why)
            .register(Metrics.globalRegistry).increment();
    }

    /** From acceptance (250) to the local mailbox. */
    public static void deliveryLatency(Duration latency) {
        Timer.builder("mss.mail.delivery.latency").description("From the 250 to the local mailbox")
            .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofHours(1))
            .register(Metrics.globalRegistry).record(latency);
    }

    /** A document of a message: {@code filed}, {@code duplicate} or {@code refused}. */
    public static void filing(String outcome) {
        Counter.builder("mss.dossier.filings").description("Documents met in messages, by outcome").tag("outcome", outcome)
            .register(Metrics.globalRegistry).increment();
    }

    /** The dossier search's timer ({@code api} or {@code web}). */
    public static Timer search(String where) {
        return Timer.builder("mss.dossier.search").description("Dossier searches, access decision and audit included")
            .tag("where", where).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10)).register(Metrics.globalRegistry);
    }

    /** A sign-in refused (wrong secret, locked, refused token or certificate). */
    public static void signInFailed(String protocol) {
        Counter.builder("mss.signin.failures").description("Sign-ins refused, by protocol")
            .tag("protocol", protocol.toUpperCase(Locale.ROOT)).register(Metrics.globalRegistry).increment();
    }

    /** A TLS handshake that did not complete on one of the mail listeners. */
    public static void tlsHandshakeFailed(String listener) {
        Counter.builder("mss.tls.handshake.failures").description("TLS handshakes failed, by listener").tag("listener", listener)
            .register(Metrics.globalRegistry).increment();
    }
}
