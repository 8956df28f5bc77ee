package fr.mssnode.mail.james;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes James's XML configuration for this run into its working directory, from the templates in
 * config/james (packaged as classpath james-conf/), filling ${name} placeholders from the node's settings.
 * An unknown placeholder is an error: a half-configured mail server must not start.
 */
public final class JamesConfigWriter {
    public static final List<String> FILES = List.of(
        "smtpserver.xml", "imapserver.xml", "mailetcontainer.xml", "domainlist.xml", "recipientrewritetable.xml",
        "mailrepositorystore.xml", "dnsservice.xml", "listeners.xml", "healthcheck.properties", "extensions.properties");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(raw:)?([A-Za-z0-9_.]+)}");

    private JamesConfigWriter() {
    }

    /** Renders every file; a file present in {@code overrides} (if given) replaces the packaged template. */
    public static void write(Path confDir, Map<String, String> values, Optional<Path> overrides) throws IOException {
        Files.createDirectories(confDir);
        for (String file : FILES) {
            Optional<Path> override = overrides.map(folder -> folder.resolve(file)).filter(Files::isRegularFile);
            String template = override.isPresent()
                ? Files.readString(override.get(), StandardCharsets.UTF_8)
                : read("james-conf/" + file);
            Files.writeString(confDir.resolve(file), fill(file, template, values), StandardCharsets.UTF_8);
        }
    }

    static String fill(String file, String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            boolean raw = matcher.group(1) != null;
            String value = values.get(matcher.group(2));
            if (value == null) {
                throw new IllegalStateException(file + ": no value for placeholder " + matcher.group());
            }
            // ${raw:name} inserts prepared XML (built by the node, never from user input); ${name} is escaped text.
            matcher.appendReplacement(out, Matcher.quoteReplacement(raw ? value : xmlEscape(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String xmlEscape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = JamesConfigWriter.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("Missing James configuration template " + resource + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
