package bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;


/**
 * IMAP SEARCH TEXT (substring, RFC 3501) in one mailbox of many messages, over IMAPS, against a fresh demo node:
 * the messages are APPENDed (a realistic letter each: a subject, a sender, a body of clinical French of 1-3 KB),
 * then each query is a slice of a word or of a message's own reference, so that answers range from thousands of
 * messages to one. Prints imap-search-p50-ms and imap-search-p99-ms.
 */
public final class ImapSearchBench {
    private static final String[] WORDS = ("consultation cardiologie échographie insuffisance cardiaque hypertension "
        + "artérielle diabète glycémie hémoglobine ordonnance traitement radiographie thoracique scanner abdominal "
        + "biologie créatinine kaliémie natrémie cholestérol triglycérides vaccination grippe rappel allergie pénicilline "
        + "fracture poignet rééducation kinésithérapie douleur thoracique dyspnée œdème membres inférieurs fibrillation "
        + "auriculaire anticoagulant surveillance tensionnelle compte rendu hospitalisation sortie médecin traitant "
        + "secrétariat adressage avis spécialisé résultats normaux contrôle trimestriel").split(" ");
    private static final String[] SENDERS = {"Dr Léa Martin <lea.martin@chu-sud.test>", "Secrétariat cardiologie <cardio@hopital-nord.test>",
        "Laboratoire Bio+ <resultats@labo.test>", "Dr Hugo Bernard <hugo.bernard@cabinet.test>", "Radiologie <imagerie@clinique.test>"};

    private ImapSearchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int messages = Integer.parseInt(args[1]);
        int queries = Integer.parseInt(args[2]);
        try (DemoNode node = DemoNode.start(jar, "bench-imap")) {
            try (ImapClient imap = new ImapClient(node.tls, node.imaps)) {
                imap.ok("LOGIN \"" + node.address(1) + "\" \"" + node.password(1) + "\"");
                imap.ok("CREATE Correspondance");
                Random random = new Random(42);
                long appendStart = System.nanoTime();
                for (int n = 0; n < messages; n++) {
                    imap.append("Correspondance", letter(n, random));
                    if ((n + 1) % 10_000 == 0) {
                        System.out.printf("appended %d messages (%.0f/s)%n", n + 1, (n + 1) / ((System.nanoTime() - appendStart) / 1e9));
                    }
                }
                double appendPerSecond = messages / ((System.nanoTime() - appendStart) / 1e9);
                // EXAMINE, not SELECT: SELECT first clears \Recent on all 50,000 new messages, which James's JPA
                // store does one message at a time (minutes); that is the store's cost, not the search's.
                imap.ok("EXAMINE Correspondance");
                for (int i = 0; i < 50; i++) {
                    imap.search(query(random, messages));
                }
                long[] latencies = new long[queries];
                long hits = 0;
                for (int i = 0; i < queries; i++) {
                    String query = query(random, messages);
                    long t0 = System.nanoTime();
                    List<String> answer = imap.search(query);
                    latencies[i] = System.nanoTime() - t0;
                    hits += answer.stream().filter(line -> line.startsWith("* SEARCH")).mapToLong(line -> line.split(" ").length - 2).sum();
                }
                Arrays.sort(latencies);
                String how = String.format("%s, %s, %s, one mailbox of %,d messages APPENDed over IMAPS (%.0f/s), "
                        + "%d SEARCH TEXT queries of a 3-9 character slice of a word or of a message reference, %.0f hits on average, "
                        + "one connection, after 50 warm-up queries; bash bench/imap-search.sh %d %d",
                    LocalDate.now(), Machine.describe(), DemoNode.database(), messages, appendPerSecond, queries, hits / (double) queries, messages, queries);
                System.out.printf("%nimap-search-p50-ms: %.2f ms (%s)%n", SmtpLoad.percentile(latencies, 50) / 1e6, how);
                System.out.printf("imap-search-p99-ms: %.2f ms (%s)%n", SmtpLoad.percentile(latencies, 99) / 1e6, how);
            }
        }
    }

    private static String letter(int n, Random random) {
        StringBuilder body = new StringBuilder();
        int words = 150 + random.nextInt(300);
        for (int i = 0; i < words; i++) {
            body.append(WORDS[random.nextInt(WORDS.length)]).append(i % 12 == 11 ? ".\r\n" : " ");
        }
        return "From: " + SENDERS[random.nextInt(SENDERS.length)] + "\r\nTo: dr.lefebvre@hopital-nord.test\r\n"
            + "Subject: " + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " réf. R" + (100000 + n)
            + "\r\nDate: Mon, 7 Dec 2026 10:" + String.format("%02d", n % 60) + ":00 +0100\r\nMessage-ID: <r" + n + "@bench.test>"
            + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + body + "\r\nRéférence du dossier : R" + (100000 + n) + "\r\n";
    }

    /** Half slices of words (many hits), half slices of one message's reference (one to a few hits). */
    private static String query(Random random, int messages) {
        String source = random.nextBoolean() ? WORDS[random.nextInt(WORDS.length)] : "R" + (100000 + random.nextInt(messages));
        int length = Math.min(source.length(), 3 + random.nextInt(7));
        int from = random.nextInt(source.length() - length + 1);
        return source.substring(from, from + length);
    }
}
