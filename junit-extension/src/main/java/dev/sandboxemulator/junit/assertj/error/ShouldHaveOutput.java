package dev.sandboxemulator.junit.assertj.error;

import dev.sandboxemulator.client.CommandResult;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

import java.util.List;

/**
 * Builds the message of a failed output assertion: the stream that was checked, what was expected of it, what it
 * held, and the command's exit code and other stream for context.
 */
public final class ShouldHaveOutput extends BasicErrorMessageFactory {
    /** Which of a command's output streams an assertion checked. */
    public enum Stream {
        /** Standard output. */
        STDOUT,
        /** Standard error. */
        STDERR;

        String label() {
            return this == STDOUT ? "stdout" : "stderr";
        }

        String of(CommandResult result) {
            return this == STDOUT ? result.stdout() : result.stderr();
        }

        Stream other() {
            return this == STDOUT ? STDERR : STDOUT;
        }
    }

    private ShouldHaveOutput(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for a stream that differs from the expected text.
     *
     * @param actual how the command ended
     * @param stream the stream that was checked
     * @param expected the expected text
     */
    public static ErrorMessageFactory shouldHaveOutput(CommandResult actual, Stream stream, String expected) {
        return new ShouldHaveOutput(
                "%nExpecting command's %s to be:%n  %s%nbut was:%n  %s%n(exit code %s%s; %s was:%n  %s)",
                unquotedString(stream.label()), expected, stream.of(actual), actual.exitCode(),
                unquotedString(ShouldHaveSucceeded.errorSuffix(actual)), unquotedString(stream.other().label()),
                stream.other().of(actual));
    }

    /**
     * Creates the message for a stream that lacks some of the expected values.
     *
     * @param actual how the command ended
     * @param stream the stream that was checked
     * @param expected every value that was expected
     * @param missing the values that were not found
     */
    public static ErrorMessageFactory shouldContainOutput(
            CommandResult actual, Stream stream, List<String> expected, List<String> missing) {
        return new ShouldHaveOutput(
                "%nExpecting command's %s:%n  %s%nto contain:%n  %s%nbut could not find:%n  %s%n"
                        + "(exit code %s%s; %s was:%n  %s)",
                unquotedString(stream.label()), stream.of(actual), expected, missing, actual.exitCode(),
                unquotedString(ShouldHaveSucceeded.errorSuffix(actual)), unquotedString(stream.other().label()),
                stream.other().of(actual));
    }

    /**
     * Creates the message for a command that was expected to write nothing to standard error.
     *
     * @param actual how the command ended
     */
    public static ErrorMessageFactory shouldHaveNoStderr(CommandResult actual) {
        return new ShouldHaveOutput(
                "%nExpecting command to write nothing to stderr%nbut it wrote:%n  %s%n"
                        + "(exit code %s%s; stdout was:%n  %s)",
                actual.stderr(), actual.exitCode(), unquotedString(ShouldHaveSucceeded.errorSuffix(actual)),
                actual.stdout());
    }
}
