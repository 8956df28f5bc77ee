package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import fr.mssnode.fixtures.cda.RealisticCorpus;

/**
 * The load tools' messages, the same bytes whoever receives them: message {@code n} has the id {@code bench-n}
 * (its {@code X-Bench-Id} header), a sender and a recipient among the demo's four accounts that depend only on
 * {@code n}, and either the same 15 KB CDA-like note (its document id made unique) or document {@code n} of the
 * realistic corpus.
 */
final class BenchMessages {
    private final String cdaXml;
    private final Templates realistic;
    private final String description;

    /** A realistic message with %FROM% and %TO% still to fill in. */
    private interface Templates {
        String template(int n);
    }

    private BenchMessages(String cdaXml, Templates realistic, String description) {
        this.cdaXml = cdaXml;
        this.realistic = realistic;
        this.description = description;
    }

    /** Each message carries the same 15 KB CDA-shaped note (about 21 KB a message). */
    static BenchMessages cda() {
        String xml = cdaLikeXml();
        return new BenchMessages(xml, null, "messages of " + message("x", "a@b", "c@d", xml).length() + " bytes, a 15 KB CDA-shaped attachment");
    }

    /**
     * Each message carries one document of the realistic corpus: written before the clock starts into files of
     * {@code folder} (a paced run's 35,000 messages would not fit in memory, and generating them during the run would
     * compete with the node for the machine), read back one at a time as they are sent. Files already there (an
     * earlier run) are kept.
     */
    static BenchMessages realisticOnDisk(int count, Path folder) throws IOException {
        Files.createDirectories(folder);
        RealisticCorpus corpus = new RealisticCorpus(7);
        AtomicLong bytes = new AtomicLong();
        AtomicInteger written = new AtomicInteger();
        IntStream.range(0, count).parallel().forEach(n -> {
            Path file = folder.resolve(n + ".eml");
            try {
                if (!Files.exists(file)) {
                    Path partial = folder.resolve(n + ".eml.partial");
                    Files.writeString(partial, template(corpus, n), StandardCharsets.ISO_8859_1);
                    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                    written.incrementAndGet();
                }
                bytes.addAndGet(Files.size(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.out.printf("prepared %d messages with realistic documents in %s (%d written now), %.1f MB%n", count, folder,
            written.get(), bytes.get() / 1e6);
        return new BenchMessages(null, n -> {
            try {
                return Files.readString(folder.resolve(n + ".eml"), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, String.format("each with one document of the realistic corpus (%.1f MB in all, prepared on disk before the run)",
            bytes.get() / 1e6));
    }

    /** What the messages carry, for the result lines. */
    String description() {
        return description;
    }

    static String id(int n) {
        return "bench-" + n;
    }

    /**
     * Message {@code n} with its sender and recipient.
     */
    String text(int n, String from, String to) {
        if (realistic != null) {
            return realistic.template(n).replace("%FROM%", from).replace("%TO%", to);
        }
        return message(id(n), from, to, cdaXml);
    }

    /** Senders: as many groups of sessions as accounts (fewer when there are fewer sessions), one account each. */
    static int groups(int sessions, int accounts) {
        return Math.min(sessions, accounts);
    }

    /** Message n is sent by the account of group n % groups (a session submits as the account it logged in with). */
    static int sender(int n, int groups) {
        return n % groups;
    }

    /** ... to one of the other accounts, in turn. */
    static int recipient(int n, int groups, int accounts) {
        return (sender(n, groups) + 1 + n % (accounts - 1)) % accounts;
    }

    /** Session {@code s}'s account. */
    static String[] sessionAccount(List<String[]> accounts, int session, int groups) {
        return accounts.get(session % groups);
    }

    /**
     * Hands out message numbers {@code from} to {@code to - 1}: the sessions of a group share the group's messages
     * (those whose number modulo groups is the group's), each taking the next one when it is ready for it.
     */
    static final class Numbers {
        private final AtomicInteger[] next;
        private final int from;
        private final int to;

        Numbers(int from, int to, int groups) {
            this.from = from;
            this.to = to;
            next = new AtomicInteger[groups];
            for (int g = 0; g < groups; g++) {
                next[g] = new AtomicInteger();
            }
        }

        /** The group's next message number, or -1 when it has none left. */
        int next(int group) {
            int n;
            do {
                n = from - from % next.length + group + next[group].getAndIncrement() * next.length;
            } while (n < from);
            return n < to ? n : -1;
        }
    }

    private static String template(RealisticCorpus corpus, int n) {
        RealisticCorpus.Document document = corpus.document(n);
        return message(id(n), "%FROM%", "%TO%", document.bytes(), document.mediaType(), document.fileName());
    }

    private static String message(String id, String from, String to, String attachment) {
        return message(id, from, to, attachment.replace("BENCH-DOCUMENT-ID", id).getBytes(StandardCharsets.UTF_8),
            "application/hl7-cda+xml", "cr.xml");
    }

    private static String message(String id, String from, String to, byte[] document, String mediaType, String fileName) {
        String boundary = "=_bench_" + id;
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: Compte rendu " + id + "\r\nX-Bench-Id: " + id
            + "\r\nMessage-ID: <" + id + "@bench.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\""
            + boundary + "\"\r\n\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Veuillez trouver ci-joint le compte rendu de consultation.\r\n\r\n--" + boundary
            + "\r\nContent-Type: " + mediaType + "; name=\"" + fileName + "\"\r\nContent-Disposition: attachment; filename=\""
            + fileName + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(document)
            + "\r\n--" + boundary + "--\r\n";
    }

    /**
     * About 15 KB of a synthetic CDA consultation note (no real data), valid enough to be filed in the dossier of a
     * demonstration patient: each message carries its own document id (BENCH-DOCUMENT-ID is replaced).
     */
    private static String cdaLikeXml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n"
            + "  <id root=\"1.2.250.1.999.2.1\" extension=\"BENCH-DOCUMENT-ID\"/>\n"
            + "  <code code=\"11488-4\" codeSystem=\"2.16.840.1.113883.6.1\" displayName=\"Consultation note\"/>\n"
            + "  <title>Compte rendu de consultation</title>\n  <confidentialityCode code=\"N\"/>\n"
            + "  <recordTarget><patientRole><id root=\"1.2.250.1.213.1.4.10\" extension=\"285057512000579\"/><patient><name>"
            + "<given>Camille</given><family qualifier=\"BR\">DURAND</family></name></patient></patientRole></recordTarget>\n"
            + "  <author><assignedAuthor><id root=\"1.2.250.1.71.4.2.1\" extension=\"810000000017\"/></assignedAuthor></author>\n"
            + "  <component><structuredBody>\n");
        int section = 0;
        while (xml.length() < 15_000) {
            xml.append("    <component><section><title>Section ").append(++section)
                .append("</title><text>Examen clinique sans particularité. Tension artérielle 12/8, fréquence cardiaque 72, ")
                .append("auscultation normale, pas de souffle. Poursuite du traitement en cours.</text></section></component>\n");
        }
        return xml.append("  </structuredBody></component>\n</ClinicalDocument>\n").toString();
    }
}
