package fr.mssnode.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void searchKeysIgnoreAccentsCaseAndPunctuation() {
        assertThat(Names.searchKey("Hélène")).isEqualTo("helene");
        assertThat(Names.searchKey("  LE GALL ")).isEqualTo("le gall");
        assertThat(Names.searchKey("DUPONT-AIGNAN")).isEqualTo("dupont aignan");
        assertThat(Names.searchKey("Saint-Étienne (Cedex 2)")).isEqualTo("saint etienne cedex 2");
        assertThat(Names.searchKey("Noël, Anaïs & Loïc")).isEqualTo("noel anais loic");
        assertThat(Names.searchKey("L'Haÿ-les-Roses")).isEqualTo("l hay les roses");
        assertThat(Names.searchKey("---")).isEmpty();
        assertThat(Names.searchKey(null)).isEmpty();
        assertThat(Names.givenKey("x".repeat(150))).hasSize(100);
    }
}
