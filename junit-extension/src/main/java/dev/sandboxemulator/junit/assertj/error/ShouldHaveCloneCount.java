package dev.sandboxemulator.junit.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

import java.util.List;

/** Builds the message of a failed clone-count assertion: the expected count, the actual count and the clones' IDs. */
public final class ShouldHaveCloneCount extends BasicErrorMessageFactory {

    private ShouldHaveCloneCount(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for a clone result that holds another number of clones.
     *
     * @param expected the expected number of clones
     * @param cloneIds the IDs of the clones the result holds
     */
    public static ErrorMessageFactory shouldHaveCloneCount(int expected, List<String> cloneIds) {
        return new ShouldHaveCloneCount(
                "%nExpecting the clone result to hold:%n  %s clones%nbut it held %s:%n  %s",
                expected, cloneIds.size(), unquotedString(cloneIds.toString()));
    }
}
