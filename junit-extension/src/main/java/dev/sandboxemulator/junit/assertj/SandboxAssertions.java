package dev.sandboxemulator.junit.assertj;

import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.CommandResult;
import dev.sandboxemulator.client.Sandbox;
import org.assertj.core.annotation.CheckReturnValue;

/**
 * The entry point of the sandbox assertions. It holds overloads for the sandbox types only, so it is imported next to
 * AssertJ's own {@code assertThat} without making any call ambiguous:
 *
 * <pre>{@code
 * import static dev.sandboxemulator.junit.assertj.SandboxAssertions.assertThat;
 * import static org.assertj.core.api.Assertions.assertThat;
 *
 * assertThat(sandbox).isRunning().hasFile("/tmp/ready");   // SandboxAssert
 * assertThat(sandbox.id()).startsWith("i");                // AssertJ's string assertions
 * }</pre>
 *
 * <p>It does not extend {@link org.assertj.core.api.Assertions} on purpose: inheriting every AssertJ overload makes
 * {@code assertThat} ambiguous as soon as another assertion class is statically imported too.
 */
public final class SandboxAssertions {

    private SandboxAssertions() {
    }

    /**
     * Creates assertions on a live sandbox: its state, metadata, files and processes.
     *
     * @param actual the sandbox to check
     * @return a new assertion object
     */
    @CheckReturnValue
    public static SandboxAssert assertThat(Sandbox actual) {
        return new SandboxAssert(actual);
    }

    /**
     * Creates assertions on how a command ended: its exit code and output.
     *
     * @param actual the command's result
     * @return a new assertion object
     */
    @CheckReturnValue
    public static CommandResultAssert assertThat(CommandResult actual) {
        return new CommandResultAssert(actual);
    }

    /**
     * Creates assertions on the clones of a clone call.
     *
     * @param actual the clone call's result
     * @return a new assertion object
     */
    @CheckReturnValue
    public static CloneResultAssert assertThat(CloneResult actual) {
        return new CloneResultAssert(actual);
    }
}
