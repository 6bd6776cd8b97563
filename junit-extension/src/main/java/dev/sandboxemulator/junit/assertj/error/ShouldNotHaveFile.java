package dev.sandboxemulator.junit.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message of a failed absence assertion: the path, and what is there. */
public final class ShouldNotHaveFile extends BasicErrorMessageFactory {

    private ShouldNotHaveFile(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for a path that was expected to be absent.
     *
     * @param sandboxId the sandbox's ID
     * @param path the path that was expected to be absent
     * @param found what is there, such as {@code /tmp/a.txt (file, 5 bytes)}
     */
    public static ErrorMessageFactory shouldNotHaveFile(String sandboxId, String path, String found) {
        return new ShouldNotHaveFile(
                "%nExpecting sandbox %s%nnot to have file:%n  %s%nbut found:%n  %s",
                unquotedString(sandboxId), path, unquotedString(found));
    }
}
