package fr.mssnode.directory;

import java.text.Normalizer;
import java.util.Locale;

/** How names are compared in searches: without accents, case or punctuation ("Hélène" = "helene"). */
public final class Names {
    private Names() {
    }

    public static String searchKey(String text) {
        if (text == null) {
            return "";
        }
        String noAccents = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return noAccents.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }

    /** The search key of given names, cut to its column's size. */
    public static String givenKey(String givenNames) {
        String key = searchKey(givenNames);
        return key.length() > 100 ? key.substring(0, 100) : key;
    }
}
