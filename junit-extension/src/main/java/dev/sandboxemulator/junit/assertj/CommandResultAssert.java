package dev.sandboxemulator.junit.assertj;

import dev.sandboxemulator.client.CommandResult;
import dev.sandboxemulator.junit.assertj.error.ShouldHaveOutput;
import dev.sandboxemulator.junit.assertj.error.ShouldHaveOutput.Stream;
import dev.sandboxemulator.junit.assertj.error.ShouldHaveSucceeded;
import org.assertj.core.annotation.CheckReturnValue;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Assertions on how a command ended, reached through {@link SandboxAssertions#assertThat(CommandResult)}. Every
 * failure message shows the exit code and both output streams, because the reason a command failed is usually in the
 * stream nobody looked at.
 *
 * <pre>{@code
 * assertThat(sandbox.commands().run("make test"))
 *         .succeeded()
 *         .hasNoStderr()
 *         .stdoutContains("42 passed");
 * }</pre>
 *
 * <p>{@link dev.sandboxemulator.client.Commands#run(String) run} throws a
 * {@link dev.sandboxemulator.client.CommandExitException} for a non-zero exit; assert on its
 * {@link dev.sandboxemulator.client.CommandExitException#result() result()}.
 */
public final class CommandResultAssert extends AbstractAssert<CommandResultAssert, CommandResult> {

    CommandResultAssert(CommandResult actual) {
        super(actual, CommandResultAssert.class);
    }

    /**
     * Verifies that the command exited with code 0. The failure message shows the exit code, envd's error and both
     * output streams.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(sandbox.commands().run("true")).succeeded();}</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(new CommandResult(2, "", "boom\n", Optional.of("exit status 2"))).succeeded();}</pre>
     *
     * @return this assertion object
     * @throws AssertionError if the exit code is not 0
     */
    public CommandResultAssert succeeded() {
        isNotNull();
        if (actual.exitCode() != 0) {
            throw assertionError(ShouldHaveSucceeded.shouldHaveSucceeded(actual));
        }
        return myself;
    }

    /**
     * Verifies the exit code.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(exitException.result()).hasExitCode(3);}</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(sandbox.commands().run("true")).hasExitCode(3);}</pre>
     *
     * @param expected the expected exit code
     * @return this assertion object
     * @throws AssertionError if the exit code differs
     */
    public CommandResultAssert hasExitCode(int expected) {
        isNotNull();
        if (actual.exitCode() != expected) {
            throw assertionError(ShouldHaveSucceeded.shouldHaveExitCode(actual, expected));
        }
        return myself;
    }

    /**
     * Verifies that standard output is exactly {@code expected}, trailing newline included.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(sandbox.commands().run("echo hi")).hasStdout("hi\n");}</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(sandbox.commands().run("echo hi")).hasStdout("hi");}</pre>
     *
     * @param expected the expected standard output
     * @return this assertion object
     * @throws AssertionError if standard output differs
     */
    public CommandResultAssert hasStdout(String expected) {
        return hasOutput(Stream.STDOUT, expected);
    }

    /**
     * Verifies that standard output contains every one of {@code values}, in any order.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(sandbox.commands().run("echo one two")).stdoutContains("two", "one");}</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(sandbox.commands().run("echo one two")).stdoutContains("one", "three");}</pre>
     *
     * @param values the texts standard output should contain
     * @return this assertion object
     * @throws AssertionError if any value is missing
     */
    public CommandResultAssert stdoutContains(CharSequence... values) {
        return outputContains(Stream.STDOUT, values);
    }

    /**
     * Verifies that standard error is exactly {@code expected}.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(exitException.result()).hasStderr("cat: /missing: No such file or directory\n");}</pre>
     *
     * @param expected the expected standard error
     * @return this assertion object
     * @throws AssertionError if standard error differs
     */
    public CommandResultAssert hasStderr(String expected) {
        return hasOutput(Stream.STDERR, expected);
    }

    /**
     * Verifies that standard error contains every one of {@code values}, in any order.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(exitException.result()).stderrContains("No such file");}</pre>
     *
     * @param values the texts standard error should contain
     * @return this assertion object
     * @throws AssertionError if any value is missing
     */
    public CommandResultAssert stderrContains(CharSequence... values) {
        return outputContains(Stream.STDERR, values);
    }

    /**
     * Verifies that the command wrote nothing to standard error.
     *
     * <p>Assertion will pass :
     * <pre>{@code assertThat(sandbox.commands().run("echo hi")).hasNoStderr();}</pre>
     *
     * <p>Assertion will fail :
     * <pre>{@code assertThat(sandbox.commands().run("echo oops >&2")).hasNoStderr();}</pre>
     *
     * @return this assertion object
     * @throws AssertionError if standard error is not empty
     */
    public CommandResultAssert hasNoStderr() {
        isNotNull();
        if (!actual.stderr().isEmpty()) {
            throw assertionError(ShouldHaveOutput.shouldHaveNoStderr(actual));
        }
        return myself;
    }

    /**
     * Returns AssertJ's string assertions on standard output, described as {@code stdout} (after this assertion's own
     * description, if it has one).
     *
     * <pre>{@code assertThat(result).succeeded().stdout().startsWith("Python 3").endsWith("\n");}</pre>
     *
     * @return a new assertion object on standard output
     */
    @CheckReturnValue
    public AbstractStringAssert<?> stdout() {
        isNotNull();
        return Assertions.assertThat(actual.stdout()).as(streamDescription(Stream.STDOUT));
    }

    /**
     * Returns AssertJ's string assertions on standard error, described as {@code stderr} (after this assertion's own
     * description, if it has one).
     *
     * <pre>{@code assertThat(exitException.result()).stderr().contains("No such file");}</pre>
     *
     * @return a new assertion object on standard error
     */
    @CheckReturnValue
    public AbstractStringAssert<?> stderr() {
        isNotNull();
        return Assertions.assertThat(actual.stderr()).as(streamDescription(Stream.STDERR));
    }

    private CommandResultAssert hasOutput(Stream stream, String expected) {
        Objects.requireNonNull(expected, "expected == null");
        isNotNull();
        String output = stream == Stream.STDOUT ? actual.stdout() : actual.stderr();
        if (!output.equals(expected)) {
            throw assertionError(ShouldHaveOutput.shouldHaveOutput(actual, stream, expected));
        }
        return myself;
    }

    private CommandResultAssert outputContains(Stream stream, CharSequence... values) {
        Objects.requireNonNull(values, "values == null");
        if (values.length == 0) {
            throw new IllegalArgumentException("give at least one value to look for");
        }
        isNotNull();
        String output = stream == Stream.STDOUT ? actual.stdout() : actual.stderr();
        List<String> expected = Arrays.stream(values)
                .map(value -> Objects.requireNonNull(value, "values contains null").toString())
                .collect(Collectors.toList());
        List<String> missing = expected.stream().filter(value -> !output.contains(value)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw assertionError(ShouldHaveOutput.shouldContainOutput(actual, stream, expected, missing));
        }
        return myself;
    }

    private String streamDescription(Stream stream) {
        String label = stream == Stream.STDOUT ? "stdout" : "stderr";
        String own = descriptionText();
        return own == null || own.isEmpty() ? label : own + " " + label;
    }
}
