package fr.mssnode.mail.search;

import java.io.IOException;
import java.io.Reader;
import java.text.Normalizer;
import java.util.Locale;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;

/**
 * IMAP SEARCH matches substrings (RFC 3501 6.4.4: "SUBJECT eautiful worl" finds "Beautiful world"), so the
 * mailbox index cuts text into overlapping three-character grams, one per character, each at its own position.
 * A substring of three characters or more is then a phrase of its grams at consecutive positions, which matches
 * exactly where the text holds it; a shorter one is the prefix of some gram (the text ends with two padding
 * characters so that its last one or two characters are prefixes too).
 * <p>
 * Text and query go through the same folding: lower case, accents removed ("Générale" finds "generale" and the
 * reverse), every run of white space one space (a header folded over two lines matches as written on one).
 */
public final class SubstringText {
    static final int GRAM = 3;
    private static final char PADDING = '\u0001';

    private SubstringText() {
    }

    /** Lower case, without accents, white space runs made one space. */
    public static String fold(CharSequence text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        boolean space = false;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (!space) {
                    folded.append(' ');
                }
                space = true;
                continue;
            }
            space = false;
            folded.append(c == PADDING ? ' ' : c);
        }
        return folded.toString().toLowerCase(Locale.ROOT);
    }

    /** The query that finds the documents whose field holds the substring, folded as the text was. */
    public static Query containing(String field, String substring) {
        String folded = fold(substring);
        if (folded.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        if (folded.length() < GRAM) {
            return new PrefixQuery(new Term(field, folded));
        }
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        int last = folded.length() - GRAM;
        for (int position = 0; position < last; position += GRAM) {
            phrase.add(new Term(field, folded.substring(position, position + GRAM)), position);
        }
        phrase.add(new Term(field, folded.substring(last)), last);
        return phrase.build();
    }

    /** The analyzer of the substring fields: one gram per character of the folded text. */
    public static Analyzer analyzer() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                return new TokenStreamComponents(new GramTokenizer());
            }
        };
    }

    private static final class GramTokenizer extends Tokenizer {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private String text = "";
        private int position;

        @Override
        public void reset() throws IOException {
            super.reset();
            text = fold(readAll(input)) + PADDING + PADDING;
            position = 0;
        }

        @Override
        public boolean incrementToken() {
            if (position + GRAM > text.length()) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(text, position, position + GRAM);
            position++;
            return true;
        }

        private static String readAll(Reader reader) throws IOException {
            StringBuilder all = new StringBuilder();
            char[] buffer = new char[4096];
            for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
                all.append(buffer, 0, read);
            }
            return all.toString();
        }
    }
}
