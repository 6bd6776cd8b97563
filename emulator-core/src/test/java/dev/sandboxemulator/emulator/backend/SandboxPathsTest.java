package dev.sandboxemulator.emulator.backend;

import dev.sandboxemulator.emulator.spi.FileSystemException;
import dev.sandboxemulator.emulator.spi.FileSystemException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The path rules both backends share, bounds included: what Linux would refuse with ENAMETOOLONG is refused. */
class SandboxPathsTest {

    @Test
    void aRelativePathResolvesAgainstTheWorkingDirectoryAndAnAbsoluteOneIgnoresIt() {
        assertThat(SandboxPaths.resolve("/home/user", "a/../b/./c")).isEqualTo("/home/user/b/c");
        assertThat(SandboxPaths.resolve("/", "tmp")).isEqualTo("/tmp");
        assertThat(SandboxPaths.resolve("/home/user", "/tmp//x/")).isEqualTo("/tmp/x");
        assertThat(SandboxPaths.resolve("/home/user", "..")).isEqualTo("/home");
    }

    @Test
    void theParentOfTheRootAndOfATopLevelEntryIsTheRoot() {
        assertThat(SandboxPaths.parent("/home/user/f")).isEqualTo("/home/user");
        assertThat(SandboxPaths.parent("/tmp")).isEqualTo("/");
        assertThat(SandboxPaths.parent("/")).isEqualTo("/");
    }

    @Test
    void aPathOfExactlyPathMaxBytesIsAcceptedAndOneByteMoreIsNot() {
        String longest = "/x".repeat(2048);

        assertThat(SandboxPaths.split(longest)).hasSize(2048);
        assertNameTooLong(longest + "x");
    }

    @Test
    void theLengthIsThePathAsGivenBeforeDotsAndSlashesAreFolded() {
        // Folds to "/a", but the kernel measures the string it is handed.
        assertNameTooLong("/a" + "/.".repeat(3000));
    }

    @Test
    void aNameOfExactlyNameMaxBytesIsAcceptedAndOneByteMoreIsNot() {
        assertThat(SandboxPaths.split("/tmp/" + "n".repeat(255))).containsExactly("tmp", "n".repeat(255));
        assertNameTooLong("/tmp/" + "n".repeat(256));
    }

    @Test
    void lengthsAreCountedInUtf8Bytes() {
        assertThat(SandboxPaths.split("/" + "é".repeat(127))).hasSize(1); // 254 bytes
        assertNameTooLong("/" + "é".repeat(128)); // 256 bytes
        assertNameTooLong("/" + "😀".repeat(64)); // 256 bytes in 128 chars
        assertNameTooLong("/€".repeat(1025)); // 4100 bytes in 2050 chars
    }

    @Test
    void theMessageIsLinuxsAndTheRefusedPathIsAbbreviated() {
        assertThatThrownBy(() -> SandboxPaths.split("/a".repeat(100_000)))
                .hasMessageStartingWith("File name too long (ENAMETOOLONG)")
                .isInstanceOfSatisfying(FileSystemException.class,
                        e -> assertThat(e.path()).hasSizeLessThan(300).endsWith("(200000 characters)"));
    }

    private static void assertNameTooLong(String path) {
        assertThatThrownBy(() -> SandboxPaths.split(path)).isInstanceOfSatisfying(FileSystemException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NAME_TOO_LONG));
    }
}
