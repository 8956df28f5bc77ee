package fr.mssnode.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InsTest {

    @Test
    void keyIs97MinusTheFirst13DigitsMod97() {
        // 1 85 05 78 006 084: 1850578006084 mod 97 = 6, key 91
        assertThat(Ins.keyOf("1850578006084")).isEqualTo(97 - (int) (1850578006084L % 97));
        assertThat(new Ins("1850578006084" + String.format("%02d", Ins.keyOf("1850578006084"))).matricule())
            .startsWith("1850578006084");
    }

    @Test
    void corsicanDepartmentsCountAs19And18() {
        assertThat(Ins.keyOf("281052A123456")).isEqualTo(97 - (int) (2810519123456L % 97));
        assertThat(Ins.keyOf("281052B123456")).isEqualTo(97 - (int) (2810518123456L % 97));
        assertThat(Ins.isValid(Ins.withComputedKey("281052A123456").matricule())).isTrue();
    }

    @Test
    void wrongKeyIsRefusedWithTheExpectedKeyNamed() {
        Ins valid = Ins.withComputedKey("1850578006084");
        String wrong = valid.matricule().substring(0, 13) + String.format("%02d", (Ins.keyOf("1850578006084") + 1) % 97);
        assertThatThrownBy(() -> new Ins(wrong))
            .isInstanceOf(DirectoryException.class)
            .hasMessageContaining("key");
    }

    @Test
    void wrongShapeIsRefused() {
        assertThatThrownBy(() -> new Ins("12345")).hasMessageContaining("not an INS matricule");
        assertThatThrownBy(() -> new Ins("985057800608412")).hasMessageContaining("not an INS matricule");
    }
}
