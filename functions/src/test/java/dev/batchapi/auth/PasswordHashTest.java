package dev.batchapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void matchesOnlyThePasswordItWasMadeFrom() {
        PasswordHash hash = PasswordHash.create("correct horse", 1_000, RANDOM);

        assertThat(hash.matches("correct horse")).isTrue();
        assertThat(hash.matches("correct horsE")).isFalse();
        assertThat(hash.matches("")).isFalse();
    }

    @Test
    void isSaltedSoTheSamePasswordNeverHashesTheSameTwice() {
        assertThat(PasswordHash.create("pw", 1_000, RANDOM).toString())
                .isNotEqualTo(PasswordHash.create("pw", 1_000, RANDOM).toString());
    }

    @Test
    void itsTextSaysHowItWasMadeAndReadsBack() {
        PasswordHash hash = PasswordHash.create("pw", 1_000, RANDOM);

        assertThat(hash.toString()).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
        assertThat(PasswordHash.parse(hash.toString()).matches("pw")).isTrue();
        assertThat(PasswordHash.DEFAULT_ITERATIONS).isEqualTo(600_000);
    }

    @Test
    void refusesTextThatIsNotAHashItCanTrust() {
        String valid = PasswordHash.create("pw", 1_000, RANDOM).toString();
        String[] parts = valid.split("\\$");

        for (String text : new String[] {"plain-password", "", "bcrypt$10$abc$def", parts[0] + "$x$" + parts[2] + "$" + parts[3],
                parts[0] + "$999$" + parts[2] + "$" + parts[3], parts[0] + "$1000$!!!$" + parts[3],
                parts[0] + "$1000$" + parts[2] + "$AAAA", valid + "$extra"}) {
            assertThatThrownBy(() -> PasswordHash.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
