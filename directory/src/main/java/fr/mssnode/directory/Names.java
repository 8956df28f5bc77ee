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
}
