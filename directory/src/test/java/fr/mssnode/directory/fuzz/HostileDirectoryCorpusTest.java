package fr.mssnode.directory.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import fr.mssnode.directory.Addresses;
import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.extract.ExtractReader;
import fr.mssnode.directory.fuzz.KeptCorpus.Entry;

/**
 * Every input of the kept hostile corpus meets its expected refusal, within 20 seconds and with nothing else
 * thrown: extracts and whitelists are refused with an {@code ExtractException} whose message names the problem;
 * addresses are refused by the SMTP gate's rules ({@code isValid} false, {@code normalize} throws a
 * {@link DirectoryException}), or, for the few marked {@code NORMALIZED}, come out as exactly the plain address;
 * INS matricules are refused by the {@link Ins} constructor. Inputs marked as a known finding are skipped, unless
 * {@code -Dcorpus.findings=run}.
 */
class HostileDirectoryCorpusTest {
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    static List<Entry> corpus() {
        return KeptCorpus.entries();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachHostileInputMeetsItsRefusal(Entry entry) {
        assumeTrue(entry.finding().isEmpty() || "run".equals(System.getProperty("corpus.findings")),
            "known finding, not refused properly yet: " + entry.finding());
        byte[] bytes = KeptCorpus.bytes(entry);
        Object answer = assertTimeoutPreemptively(NO_HANG, () -> {
            try {
                return feed(entry.target(), bytes);
            } catch (DirectoryException refused) {
                return refused;
            }
        });
        switch (entry.expected()) {
            case "ACCEPTED_INERT" -> {
                assertThat(answer).as(entry.file() + " accepted").isNotInstanceOf(DirectoryException.class);
                assertThat(String.valueOf(answer)).as(entry.file()).doesNotContain(entry.messagePart());
            }
            case "NORMALIZED" -> assertThat(answer).as(entry.file()).isEqualTo(entry.messagePart());
            default -> {
                if (!(answer instanceof DirectoryException refused)) {
                    fail("%s was accepted: %s", entry.file(), answer);
                    return;
                }
                assertThat(refused.getClass().getSimpleName()).as(entry.file() + ": " + refused.getMessage())
                    .isEqualTo(entry.expected());
                assertThat(refused.getMessage()).as(entry.file()).contains(entry.messagePart());
            }
        }
    }

    /** What the directory does with the bytes; a refusal throws. */
    static Object feed(String target, byte[] bytes) throws Exception {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return switch (target) {
            case "extract" -> mailboxRows(bytes);
            case "whitelist" -> WhitelistFile.domains(bytes);
            case "address" -> {
                boolean valid = Addresses.isValid(text);
                String normalized;
                try {
                    normalized = Addresses.normalize(text);
                } catch (DirectoryException refused) {
                    assertThat(valid).as("isValid of a refused address").isFalse();
                    throw refused;
                }
                assertThat(valid).as("isValid of an accepted address").isTrue();
                yield normalized;
            }
            case "ins" -> {
                try {
                    yield new Ins(text);
                } catch (DirectoryException refused) {
                    assertThat(Ins.isValid(text)).isFalse();
                    throw refused;
                }
            }
            default -> throw new IllegalArgumentException("no target " + target);
        };
    }

    /** What the mailbox import reads: the two columns it cannot do without, then every row. */
    static List<String> mailboxRows(byte[] bytes) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ExtractReader extract = new ExtractReader(new ByteArrayInputStream(bytes), HostileDirectoryInputs.EXTRACT)) {
            extract.require("the mailbox address", "Adresse BAL");
            extract.require("the mailbox type", "Type de BAL");
            Optional<ExtractReader.Row> row;
            while ((row = extract.next()).isPresent()) {
                rows.add(row.get().get("Type de BAL") + " " + row.get().get("Adresse BAL"));
            }
        }
        return rows;
    }
}
