package fr.mssnode.directory.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;

/**
 * INS matricules and INS identifier types, on any text: the {@link Ins} constructor either accepts a matricule of
 * 15 characters whose key holds, or refuses with a {@link DirectoryException}; {@link Ins#isValid} says the same;
 * {@link InsOid#parse} names a known type or refuses with a {@link DirectoryException}. Nothing else is thrown.
 */
class InsFuzzTest {
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void matricule(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
        check(new String(input, StandardCharsets.ISO_8859_1));
    }

    private static void check(String candidate) {
        Ins ins;
        try {
            ins = new Ins(candidate);
        } catch (DirectoryException refused) {
            assertThat(Ins.isValid(candidate)).isFalse();
            ins = null;
        }
        if (ins != null) {
            assertThat(Ins.isValid(candidate)).isTrue();
            assertThat(ins.matricule()).hasSize(15).matches("[0-9AB]+");
            assertThat(Ins.keyOf(ins.matricule().substring(0, 13))).isEqualTo(Integer.parseInt(ins.matricule().substring(13)));
        }
        try {
            assertThat(InsOid.parse(candidate)).isNotNull();
        } catch (DirectoryException refused) {
            assertThat(refused.getMessage()).contains("is not an INS identifier type");
        }
    }
}
