package fr.mssnode.directory.extract;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import fr.mssnode.directory.io.CountingInputStream;

/**
 * Reads an Annuaire Santé flat extract line by line: UTF-8 (strictly: a byte that is not UTF-8 stops the
 * read), {@code |}-separated with a trailing {@code |}, one header line. Columns are found by header name,
 * never by position, because the published column set changes over the years; names are compared without
 * accents, case or punctuation. Constant memory whatever the file size.
 */
public final class ExtractReader implements Closeable {
    private static final int MAX_LINE = 64 * 1024;

    private final InputStreamReader lines;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private final CountingInputStream counted;
    private final Map<String, Integer> columns = new HashMap<>();
    /** Column names as the code asks for them, resolved once: normalizing on every field read was most of an import's CPU. */
    private final Map<String, Integer> asked = new HashMap<>();
    private final String fileName;
    private int headerSize;
    private long lineNumber;

    /** One data line, its fields reachable by column name. */
    public final class Row {
        private final long number;
        private final String[] fields;

        private Row(long number, String[] fields) {
            this.number = number;
            this.fields = fields;
        }

        public long lineNumber() {
            return number;
        }

        /** The trimmed value of the column, empty when the column is absent from this extract or empty. */
        public String get(String column) {
            int index = asked.computeIfAbsent(column, name -> columns.getOrDefault(normalize(name), -1));
            if (index < 0 || index >= fields.length) {
                return "";
            }
            return fields[index].trim();
        }

        /** The first non-empty value among several names the column has had. */
        public String first(String... names) {
            for (String name : names) {
                String value = get(name);
                if (!value.isEmpty()) {
                    return value;
                }
            }
            return "";
        }

        public int fieldCount() {
            return fields.length;
        }
    }

    public ExtractReader(InputStream in, String fileName) throws IOException {
        this.fileName = fileName;
        this.counted = new CountingInputStream(in);
        this.lines = new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
        String header = nextLine();
        if (header == null || header.isBlank()) {
            throw new ExtractException(fileName + " is empty: an extract starts with a header line.");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] names = split(header);
        for (int i = 0; i < names.length; i++) {
            columns.putIfAbsent(normalize(names[i]), i);
        }
        headerSize = names.length;
        if (headerSize < 2) {
            throw new ExtractException(fileName + " line 1 is not a '|'-separated header.");
        }
    }

    /** Fails, before anything is read, when the extract lacks a column the import cannot do without. */
    public void require(String description, String... anyOf) {
        for (String name : anyOf) {
            if (columns.containsKey(normalize(name))) {
                return;
            }
        }
        throw new ExtractException(fileName + " has no column '" + anyOf[0] + "' (" + description
            + "): is this the right kind of extract?");
    }

    public boolean hasColumn(String name) {
        return columns.containsKey(normalize(name));
    }

    /** The next data line, or empty at the end of the file. Blank lines are skipped. */
    public Optional<Row> next() throws IOException {
        String line;
        do {
            line = nextLine();
            if (line == null) {
                return Optional.empty();
            }
        } while (line.isBlank());
        return Optional.of(new Row(lineNumber, split(line)));
    }

    /** Fields of a line are as many as the header's: a shorter or longer line is malformed. */
    public boolean hasHeaderShape(Row row) {
        return row.fields.length == headerSize;
    }

    public int headerSize() {
        return headerSize;
    }

    public long bytesRead() {
        return counted.count();
    }

    public long lineNumber() {
        return lineNumber;
    }

    private String nextLine() throws IOException {
        String line;
        try {
            line = readBounded();
        } catch (CharacterCodingException notUtf8) {
            throw new ExtractException(fileName + " line " + (lineNumber + 1)
                + " is not UTF-8: the extracts are published in UTF-8 (was the file converted to Latin-1?).");
        }
        if (line != null) {
            lineNumber++;
        }
        return line;
    }

    /** Like readLine, but a line without its end-of-line at the end of the file means a truncated file. */
    private String readBounded() throws IOException {
        StringBuilder line = new StringBuilder(512);
        while (true) {
            if (position == limit) {
                limit = lines.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    break;
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.append(buffer, start, position - start);
            if (line.length() > MAX_LINE) {
                throw new ExtractException(fileName + " line " + (lineNumber + 1) + " is longer than "
                    + MAX_LINE + " characters: not an extract line.");
            }
            if (position < limit) {
                position++;
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
        }
        if (line.length() == 0) {
            return null;
        }
        if (line.charAt(line.length() - 1) == '|') {
            return line.toString(); // a complete last line, only its end-of-line is missing
        }
        throw new ExtractException(fileName + " ends in the middle of line " + (lineNumber + 1)
            + " (no end-of-line): the file looks truncated; download it again.");
    }

    /** Splits on '|'; the trailing '|' closes the last field rather than opening an empty one. */
    static String[] split(String line) {
        List<String> fields = new ArrayList<>(64);
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '|') {
                fields.add(line.substring(start, i));
                start = i + 1;
            }
        }
        if (start < line.length()) {
            fields.add(line.substring(start));
        }
        return fields.toArray(String[]::new);
    }

    /** "Identification nationale PP" and "identification_nationale_pp" are the same column. */
    static String normalize(String name) {
        String noAccents = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return noAccents.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
