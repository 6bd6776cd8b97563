package dev.sandboxemulator.junit.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Builds the message of a failed file assertion: the path, the content that was expected, and what the sandbox held
 * instead (the actual content, or, when the file is missing, what the directory that should hold it contains).
 */
public final class ShouldHaveFile extends BasicErrorMessageFactory {
    private static final String EXPECTING = "%nExpecting sandbox %s%nto have file:%n  %s";

    private ShouldHaveFile(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for a missing file.
     *
     * @param sandboxId the sandbox's ID
     * @param path the path that was expected
     * @param surroundings what the parent directory holds, such as {@code /tmp holds: [a.txt]}
     */
    public static ErrorMessageFactory shouldHaveFile(String sandboxId, String path, String surroundings) {
        return new ShouldHaveFile(
                EXPECTING + "%nbut it does not exist; %s",
                unquotedString(sandboxId), path, unquotedString(surroundings));
    }

    /**
     * Creates the message for a path that was expected to be a file but is a directory.
     *
     * @param sandboxId the sandbox's ID
     * @param path the path that was expected to be a file
     */
    public static ErrorMessageFactory shouldHaveFileButFoundDirectory(String sandboxId, String path) {
        return new ShouldHaveFile(EXPECTING + "%nbut it is a directory", unquotedString(sandboxId), path);
    }

    /**
     * Creates the message for a file whose content differs from the expected content.
     *
     * @param sandboxId the sandbox's ID
     * @param path the file's path
     * @param expected the expected content
     * @param actual the file's content
     */
    public static ErrorMessageFactory shouldHaveFileWithContent(
            String sandboxId, String path, String expected, String actual) {
        return new ShouldHaveFile(
                EXPECTING + "%nwith content:%n  %s%nbut its content was:%n  %s",
                unquotedString(sandboxId), path, expected, actual);
    }

    /**
     * Creates the message for a file whose content does not contain the expected text.
     *
     * @param sandboxId the sandbox's ID
     * @param path the file's path
     * @param expected the text that was expected somewhere in the file
     * @param actual the file's content
     */
    public static ErrorMessageFactory shouldHaveFileContaining(
            String sandboxId, String path, String expected, String actual) {
        return new ShouldHaveFile(
                EXPECTING + "%ncontaining:%n  %s%nbut its content was:%n  %s",
                unquotedString(sandboxId), path, expected, actual);
    }

    /**
     * Creates the message for a missing file that was expected to have some content.
     *
     * @param sandboxId the sandbox's ID
     * @param path the path that was expected
     * @param expected the content that was expected
     * @param surroundings what the parent directory holds, such as {@code /tmp holds: [a.txt]}
     */
    public static ErrorMessageFactory shouldHaveFileWithContentButMissing(
            String sandboxId, String path, String expected, String surroundings) {
        return new ShouldHaveFile(
                EXPECTING + "%nwith content:%n  %s%nbut it does not exist; %s",
                unquotedString(sandboxId), path, expected, unquotedString(surroundings));
    }
}
