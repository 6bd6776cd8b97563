package dev.sandboxemulator.junit.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/** Builds the message of a failed process assertion: what kind of process was expected, and every process running. */
public final class ShouldHaveProcess extends BasicErrorMessageFactory {

    private ShouldHaveProcess(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for a sandbox that runs no matching process.
     *
     * @param sandboxId the sandbox's ID
     * @param requirement what the process should have been, such as {@code with pid 12}
     * @param processes the running processes, one per line, such as {@code pid 3: sleep 100}
     */
    public static ErrorMessageFactory shouldHaveProcess(String sandboxId, String requirement, String processes) {
        return new ShouldHaveProcess(
                "%nExpecting sandbox %s%nto have a running process %s%nbut it had:%n%s",
                unquotedString(sandboxId), unquotedString(requirement), unquotedString(processes));
    }

    /**
     * Creates the message for a sandbox that was expected to run no process.
     *
     * @param sandboxId the sandbox's ID
     * @param processes the running processes, one per line, such as {@code pid 3: sleep 100}
     */
    public static ErrorMessageFactory shouldHaveNoRunningProcesses(String sandboxId, String processes) {
        return new ShouldHaveProcess(
                "%nExpecting sandbox %s%nto have no running processes%nbut it had:%n%s",
                unquotedString(sandboxId), unquotedString(processes));
    }
}
