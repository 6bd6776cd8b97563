package dev.sandboxemulator.junit.assertj.error;

import dev.sandboxemulator.client.CommandResult;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message of a failed exit-code assertion: the expected code, the actual one, and all the output. */
public final class ShouldHaveSucceeded extends BasicErrorMessageFactory {
    static final String OUTPUT = "%nstdout:%n  %s%nstderr:%n  %s";

    private ShouldHaveSucceeded(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for a command that was expected to exit with code 0.
     *
     * @param actual how the command ended
     */
    public static ErrorMessageFactory shouldHaveSucceeded(CommandResult actual) {
        return new ShouldHaveSucceeded(
                "%nExpecting command to succeed (exit code 0)%nbut it exited with code %s%s" + OUTPUT,
                actual.exitCode(), unquotedString(errorSuffix(actual)), actual.stdout(), actual.stderr());
    }

    /**
     * Creates the message for a command that was expected to exit with another code.
     *
     * @param actual how the command ended
     * @param expected the expected exit code
     */
    public static ErrorMessageFactory shouldHaveExitCode(CommandResult actual, int expected) {
        return new ShouldHaveSucceeded(
                "%nExpecting command to exit with code:%n  %s%nbut it exited with code:%n  %s%s" + OUTPUT,
                expected, actual.exitCode(), unquotedString(errorSuffix(actual)), actual.stdout(), actual.stderr());
    }

    static String errorSuffix(CommandResult result) {
        return result.error().map(error -> " (" + error + ")").orElse("");
    }
}
