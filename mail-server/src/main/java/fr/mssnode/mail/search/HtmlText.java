package fr.mssnode.mail.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The readable text of an HTML part, for searching: tags, styles and scripts out, the common entities decoded. */
final class HtmlText {
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});");
    private static final List<String> HIDDEN = List.of("style", "script", "head");

    private HtmlText() {
    }

    /**
     * The text of an HTML body in one pass: tags become spaces, the content of style, script and head is dropped,
     * entities are decoded. Linear in the input whatever it holds (thousands of unclosed tags, no '>' at all): each
     * search for a closing mark remembers where it ended, so no part of the text is searched twice.
     */
    static String of(String html) {
        int length = html.length();
        StringBuilder text = new StringBuilder(length);
        int nextTagEnd = html.indexOf('>');
        Map<String, Integer> hiddenEnds = new HashMap<>();
        int i = 0;
        while (i < length) {
            char c = html.charAt(i);
            if (c != '<') {
                text.append(c);
                i++;
                continue;
            }
            if (nextTagEnd >= 0 && nextTagEnd < i) {
                nextTagEnd = html.indexOf('>', i);
            }
            if (nextTagEnd < 0) {
                text.append(html, i, length);
                break;
            }
            int resume = nextTagEnd + 1;
            String hidden = hiddenElementAt(html, i);
            if (hidden != null) {
                int closing = hiddenEnds.computeIfAbsent(hidden, name -> Integer.MIN_VALUE);
                if (closing != -1 && closing < i) {
                    closing = indexOfIgnoreCase(html, "</" + hidden, i + 1);
                    hiddenEnds.put(hidden, closing);
                }
                int closingEnd = closing < 0 ? -1 : html.indexOf('>', closing);
                if (closingEnd >= 0) {
                    resume = closingEnd + 1;
                }
            }
            text.append(' ');
            i = resume;
        }
        Matcher entity = ENTITY.matcher(text);
        StringBuilder decoded = new StringBuilder(text.length());
        while (entity.find()) {
            entity.appendReplacement(decoded, Matcher.quoteReplacement(decode(entity.group(1), entity.group())));
        }
        entity.appendTail(decoded);
        return decoded.toString();
    }

    private static String hiddenElementAt(String html, int open) {
        for (String name : HIDDEN) {
            int after = open + 1 + name.length();
            if (html.regionMatches(true, open + 1, name, 0, name.length())
                && (after >= html.length() || !Character.isLetterOrDigit(html.charAt(after)))) {
                return name;
            }
        }
        return null;
    }

    private static int indexOfIgnoreCase(String text, String wanted, int from) {
        for (int at = from; at <= text.length() - wanted.length(); at++) {
            if (text.charAt(at) == '<' && text.regionMatches(true, at, wanted, 0, wanted.length())) {
                return at;
            }
        }
        return -1;
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
