import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.TestCertificateAuthority;
import fr.mssnode.directory.trust.X509Files;
import fr.mssnode.mail.smime.MailboxKey;
import fr.mssnode.mail.smime.SignatureVerdict;
import fr.mssnode.mail.smime.SmimeSigner;
import fr.mssnode.mail.smime.SmimeVerifier;
import fr.mssnode.mail.smime.TrustMaterial;

/**
 * S/MIME throughput of the node's own signer and verifier on a 100 KB message (text and a 72 KB attachment, about 100 KB once encoded),
 * RSA 2048 / SHA-256, one thread then as many threads as cores. Verification includes everything the
 * VerifySignature mailet checks, the directory lookup of the signer's certificate included (embedded Derby).
 */
public final class SmimeBench {
    static final String ADDRESS = "dr.bench@hopital-bench.test";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path work = Files.createTempDirectory("smime-bench");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:derby:" + work.resolve("db") + ";create=true");
        config.setMaximumPoolSize(8);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/derby").load().migrate();
            SmallListing.importAll(new DirectoryImporter(dataSource), work.resolve("listing"), List.of(
                SmallListing.Entry.professional(ADDRESS, "810000000042", "Banc", "ESSAI", "10", "Médecin",
                    "Médecine générale", "Cabinet", "75011", "PARIS")));
            TestCertificateAuthority ca = new TestCertificateAuthority("AC BENCH");
            TestCertificateAuthority.Issued signing = ca.signing(ADDRESS);
            Certificates certificates = new Certificates(dataSource);
            certificates.register(ADDRESS, CertificateUsage.SIGNING, X509Files.der(signing.certificate()));
            Path anchor = work.resolve("ca.pem");
            Files.writeString(anchor, TestCertificateAuthority.pem(ca.certificate()));
            SmimeVerifier verifier = new SmimeVerifier(new TrustMaterial(certificates, List.of(anchor), List.of()), certificates);
            SmimeSigner signer = new SmimeSigner();
            MailboxKey key = new MailboxKey(signing.key(), signing.certificate());
            byte[] plain = message();
            byte[] signed = bytes(signer.sign(parse(plain), key));
            SignatureVerdict check = verifier.verify(parse(signed), ADDRESS);
            if (check.outcome() != SignatureVerdict.Outcome.VALID) {
                throw new IllegalStateException("the benchmark message does not verify: " + check.reason());
            }
            int cores = Runtime.getRuntime().availableProcessors();
            String context = String.format(Locale.ROOT, "%s, %d cores, %d KB message, RSA 2048, SHA-256, %d s per figure;"
                + " bash bench/smime-throughput.sh", LocalDate.now(), cores, plain.length / 1024, seconds);
            Callable<Object> sign = () -> {
                signer.sign(parse(plain), key).writeTo(OutputStreams.NULL);
                return null;
            };
            Callable<Object> verify = () -> {
                if (verifier.verify(parse(signed), ADDRESS).outcome() != SignatureVerdict.Outcome.VALID) {
                    throw new IllegalStateException("verification failed during the run");
                }
                return null;
            };
            rate(sign, 1, 3);
            rate(verify, 1, 3);
            System.out.printf(Locale.ROOT, "smime-sign-per-s-1thread: %.0f msgs/s (%s)%n", rate(sign, 1, seconds), context);
            System.out.printf(Locale.ROOT, "smime-verify-per-s-1thread: %.0f msgs/s (%s)%n", rate(verify, 1, seconds), context);
            System.out.printf(Locale.ROOT, "smime-sign-per-s-%dthreads: %.0f msgs/s (%s)%n", cores, rate(sign, cores, seconds), context);
            System.out.printf(Locale.ROOT, "smime-verify-per-s-%dthreads: %.0f msgs/s (%s)%n", cores, rate(verify, cores, seconds), context);
        }
    }

    /** Operations per second over {@code seconds}, on {@code threads} threads. */
    static double rate(Callable<Object> operation, int threads, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<Long>> counts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counts.add(pool.submit(() -> {
                long done = 0;
                while (System.nanoTime() < until) {
                    operation.call();
                    done++;
                }
                return done;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        pool.shutdown();
        return total / ((System.nanoTime() - start) / 1e9);
    }

    static byte[] message() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(ADDRESS);
        message.setRecipients(javax.mail.Message.RecipientType.TO, "dr.destinataire@hopital-bench.test");
        message.setSubject("Compte rendu (benchmark)");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Cher confrère, veuillez trouver ci-joint le compte rendu.\n".repeat(20), "UTF-8");
        byte[] document = new byte[72 * 1024];
        new Random(42).nextBytes(document);
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent(document, "application/pdf");
        attachment.setFileName("compte-rendu.pdf");
        attachment.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(text, attachment));
        message.saveChanges();
        return bytes(message);
    }

    static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    static final class OutputStreams {
        static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
    }
}
