package fr.mssnode.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void hashVerifiesOnlyTheSamePasswordAndIsSalted() {
        String hash = Passwords.hash("Correct-Horse-42");
        assertThat(Passwords.verify("Correct-Horse-42", hash)).isTrue();
        assertThat(Passwords.verify("Correct-Horse-43", hash)).isFalse();
        assertThat(Passwords.hash("Correct-Horse-42")).isNotEqualTo(hash);
        assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain("Correct");
    }

    @Test
    void weakPasswordsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Passwords.checkStrength("Short-1", "dr.martin@node.test"))
            .hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> Passwords.checkStrength("alllowercaseletters", "dr.martin@node.test"))
            .hasMessageContaining("three of");
        assertThatThrownBy(() -> Passwords.checkStrength("Password1234", "dr.martin@node.test"))
            .hasMessageContaining("commonly used");
        assertThatThrownBy(() -> Passwords.checkStrength("Dr.Martin-2024!", "dr.martin@node.test"))
            .hasMessageContaining("mailbox name");
        Passwords.checkStrength("Tulipe-Verte-2031", "dr.martin@node.test");
    }
}
