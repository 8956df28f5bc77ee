package fr.mssnode.mailbox;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.mailbox.store.mail.model.Property;
import org.apache.james.mailbox.store.mail.model.impl.Properties;

/**
 * A message's MIME properties (media type, parameters, disposition, language...: what IMAP's BODYSTRUCTURE is
 * made of) as one text column: a line a property, {@code namespace TAB name TAB value}, with backslash, tab and
 * line breaks escaped. James's JPA store spent a row (and an INSERT) a property on them.
 */
final class MimeProperties {
    /** The column's size: properties beyond it are not kept (a message's BODYSTRUCTURE then lacks them). */
    static final int LIMIT = 8000;

    private MimeProperties() {
    }

    static String text(Properties properties) {
        StringBuilder text = new StringBuilder();
        for (Property property : properties.toProperties()) {
            StringBuilder line = new StringBuilder();
            escape(property.getNamespace(), line);
            line.append('\t');
            escape(property.getLocalName(), line);
            line.append('\t');
            escape(property.getValue(), line);
            line.append('\n');
            if (text.length() + line.length() > LIMIT) {
                break;
            }
            text.append(line);
        }
        return text.toString();
    }

    static Properties parse(String text, Long textualLineCount) {
        List<Property> properties = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                List<String> fields = fields(line);
                if (fields.size() == 3) {
                    properties.add(new Property(fields.get(0), fields.get(1), fields.get(2)));
                }
            }
        }
        return new Properties(properties, textualLineCount);
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>(3);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                field.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
