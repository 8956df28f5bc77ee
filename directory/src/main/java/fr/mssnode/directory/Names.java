package fr.mssnode.directory;

import java.text.Normalizer;

/** How names are compared in searches: without accents, case or punctuation ("Hélène" = "helene"). */
public final class Names {
    private Names() {
    }

    public static String searchKey(String text) {
        if (text == null) {
            return "";
        }
        // Decompose only when needed (most names are ASCII): accents become combining marks, dropped below.
        String decomposed = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder key = new StringBuilder(decomposed.length());
        boolean gap = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK || Character.getType(c) == Character.ENCLOSING_MARK
                || Character.getType(c) == Character.COMBINING_SPACING_MARK) {
                continue;
            }
            char lower = Character.toLowerCase(c);
            if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
                if (gap && key.length() > 0) {
                    key.append(' ');
                }
                gap = false;
                key.append(lower);
            } else {
                gap = true;
            }
        }
        return key.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The search key of given names, cut to its column's size. */
    public static String givenKey(String givenNames) {
        String key = searchKey(givenNames);
        return key.length() > 100 ? key.substring(0, 100) : key;
    }
}
