package dev.sandboxemulator.emulator.engine.dataplane;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTest {

    @Test
    void theSignatureMatchesTheVectorVerifiedAgainstTheSdk() {
        // docs/wire-api.md, "/files", signed URLs: path /home/user/a.txt, read, no user, token tok-1.
        assertThat(Signatures.sign("/home/user/a.txt", "read", null, "tok-1", null))
                .isEqualTo("v1_p0gJxXaovHUKqyroLYKX+ysSGKQM6qxKzaLtu1zr204");
    }

    @Test
    void anExpirationIsPartOfWhatIsSigned() {
        assertThat(Signatures.sign("/a", "write", "root", "t", 100L)).isNotEqualTo(Signatures.sign("/a", "write", "root", "t", 101L));
        assertThat(Signatures.matches(Signatures.sign("/a", "write", "root", "t", 100L), "/a", "write", "root", "t", 100L)).isTrue();
        assertThat(Signatures.matches(Signatures.sign("/a", "write", "root", "t", 100L), "/a", "read", "root", "t", 100L)).isFalse();
    }
}
