package fr.mssnode.mail.search;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The readable text of an HTML part, for searching: tags, styles and scripts out, the common entities decoded. */
final class HtmlText {
    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(style|script|head)\\b.*?</\\1\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});");

    private HtmlText() {
    }

    static String of(String html) {
        String text = TAG.matcher(INVISIBLE.matcher(html).replaceAll(" ")).replaceAll(" ");
        Matcher entity = ENTITY.matcher(text);
        StringBuilder decoded = new StringBuilder(text.length());
        while (entity.find()) {
            entity.appendReplacement(decoded, Matcher.quoteReplacement(decode(entity.group(1), entity.group())));
        }
        entity.appendTail(decoded);
        return decoded.toString();
    }

    private static String decode(String name, String whole) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
            }
            if (name.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(name.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            return whole;
        }
        return switch (name) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> " ";
            case "eacute" -> "é";
            case "egrave" -> "è";
            case "ecirc" -> "ê";
            case "agrave" -> "à";
            case "ccedil" -> "ç";
            case "ocirc" -> "ô";
            case "ucirc" -> "û";
            case "icirc" -> "î";
            case "euro" -> "€";
            default -> whole;
        };
    }
}
