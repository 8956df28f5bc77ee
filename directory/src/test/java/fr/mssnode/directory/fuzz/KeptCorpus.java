package fr.mssnode.directory.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The kept corpus of hostile inputs: one file per input under {@code fuzz/corpus/<target>/}, and {@code expected.tsv}
 * naming, for each file, the target it is fed to, the refusal it must meet and a part of the refusal's message. Files
 * over 64 KB are kept gzipped (their name ends in {@code .gz}) and read back inflated, so 100,000 levels of nesting
 * or a 33 MB attribute cost the repository a few kilobytes. (The same small class is in each module's fuzz tests:
 * modules do not share test sources.)
 */
final class KeptCorpus {
    static final String RESOURCES = "/fr/mssnode/directory/fuzz/";
    static final Path SOURCES = Path.of("src/test/resources/fr/mssnode/directory/fuzz");
    private static final int GZIP_ABOVE = 64 * 1024;

    /** An input with the refusal it must meet; {@code finding} is set when the code does not refuse it properly yet. */
    record HostileInput(String target, String name, byte[] bytes, String expected, String messagePart, String finding) {
        static HostileInput refused(String target, String name, byte[] bytes, String expected, String messagePart) {
            return new HostileInput(target, name, bytes, expected, messagePart, "");
        }

        HostileInput knownFinding(String why) {
            return new HostileInput(target, name, bytes, expected, messagePart, why);
        }
    }

    /** A line of expected.tsv. */
    record Entry(String target, String file, String expected, String messagePart, String finding) {
        @Override
        public String toString() {
            return file;
        }
    }

    private KeptCorpus() {
    }

    static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (String line : new String(resource("corpus/expected.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            entries.add(new Entry(columns[0], columns[1], columns[2], columns[3], columns[4]));
        }
        return entries;
    }

    static byte[] bytes(Entry entry) {
        byte[] kept = resource("corpus/" + entry.file());
        if (!entry.file().endsWith(".gz")) {
            return kept;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(kept))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String path) {
        try (InputStream in = KeptCorpus.class.getResourceAsStream(RESOURCES + path)) {
            if (in == null) {
                throw new IllegalStateException("No test resource " + RESOURCES + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the inputs and expected.tsv under the module's test resources (run from the module's folder). */
    static void write(List<HostileInput> inputs) throws IOException {
        Path corpus = SOURCES.resolve("corpus");
        StringBuilder expected = new StringBuilder("# target\tfile\texpected refusal\tpart of its message\tknown finding"
            + " (the code does not refuse it properly yet)\n");
        for (HostileInput input : inputs) {
            if (input.messagePart().contains("\t") || input.messagePart().contains("\n")) {
                throw new IllegalArgumentException(input.name() + ": a message part cannot hold a tab or a line end");
            }
            boolean gzip = input.bytes().length > GZIP_ABOVE;
            String file = input.target() + "/" + input.name() + (gzip ? ".gz" : "");
            Path path = corpus.resolve(file);
            Files.createDirectories(path.getParent());
            Files.write(path, gzip ? gzip(input.bytes()) : input.bytes());
            expected.append(input.target()).append('\t').append(file).append('\t').append(input.expected()).append('\t')
                .append(input.messagePart()).append('\t').append(input.finding()).append('\n');
        }
        Files.writeString(corpus.resolve("expected.tsv"), expected, StandardCharsets.UTF_8);
    }

    /** Writes seed inputs where Jazzer looks for them: {@code <TestClass>Inputs/<method>/}. */
    static void writeSeeds(Class<?> fuzzTest, String method, List<HostileInput> seeds) throws IOException {
        Path folder = SOURCES.resolve(fuzzTest.getSimpleName() + "Inputs").resolve(method);
        Files.createDirectories(folder);
        for (HostileInput seed : seeds) {
            Files.write(folder.resolve(seed.name()), seed.bytes());
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
