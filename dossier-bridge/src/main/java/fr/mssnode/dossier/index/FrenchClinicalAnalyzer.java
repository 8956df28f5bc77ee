package fr.mssnode.dossier.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * French text as clinicians type it: elisions removed ("l'allergie" is "allergie"), stop words dropped, accents
 * folded (a search for "hematome" finds "hématome", and the other way round) and a light stemmer so that
 * plurals and feminines meet ("allergies", "allergique").
 */
final class FrenchClinicalAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream stream = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
        stream = new LowerCaseFilter(stream);
        stream = new StopFilter(stream, FrenchAnalyzer.getDefaultStopSet());
        stream = new ASCIIFoldingFilter(stream);
        stream = new FrenchLightStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(new ElisionFilter(in, FrenchAnalyzer.DEFAULT_ARTICLES)));
    }
}
