package dev.sandboxemulator.junit.assertj.error;

import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxState;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Builds the message of a failed state assertion: the sandbox ID, the state that was expected, and what the control
 * plane reported instead (a state and its timeout, or that the sandbox no longer exists).
 */
public final class ShouldBeInState extends BasicErrorMessageFactory {
    private static final String GONE = "it no longer exists (it was killed, or its timeout expired)";

    private ShouldBeInState(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for a sandbox that exists but is in another state.
     *
     * @param sandboxId the sandbox's ID
     * @param expected the state that was expected
     * @param actual what the control plane reported
     */
    public static ErrorMessageFactory shouldBeInState(String sandboxId, SandboxState expected, SandboxInfo actual) {
        return new ShouldBeInState(
                "%nExpecting sandbox %s%nto be in state:%n  %s%nbut was:%n  %s%n(its timeout ends at %s)",
                unquotedString(sandboxId), expected, actual.state(), actual.endAt());
    }

    /**
     * Creates the message for a sandbox that was expected in a state but no longer exists.
     *
     * @param sandboxId the sandbox's ID
     * @param expected the state that was expected
     */
    public static ErrorMessageFactory shouldBeInStateButWasGone(String sandboxId, SandboxState expected) {
        return new ShouldBeInState(
                "%nExpecting sandbox %s%nto be in state:%n  %s%nbut " + GONE,
                unquotedString(sandboxId), expected);
    }

    /**
     * Creates the message for a sandbox that was expected to be gone but still exists.
     *
     * @param sandboxId the sandbox's ID
     * @param actual what the control plane reported
     */
    public static ErrorMessageFactory shouldBeGone(String sandboxId, SandboxInfo actual) {
        return new ShouldBeInState(
                "%nExpecting sandbox %s%nto be gone (killed, or its timeout expired)%nbut it still exists in state:%n"
                        + "  %s%n(its timeout ends at %s)",
                unquotedString(sandboxId), actual.state(), actual.endAt());
    }

    /**
     * Creates the message for a sandbox that was expected to exist, to be inspected, but no longer does.
     *
     * @param sandboxId the sandbox's ID
     */
    public static ErrorMessageFactory shouldExist(String sandboxId) {
        return new ShouldBeInState("%nExpecting sandbox %s%nto exist%nbut " + GONE, unquotedString(sandboxId));
    }
}
