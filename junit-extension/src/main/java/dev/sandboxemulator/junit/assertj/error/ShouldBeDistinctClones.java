package dev.sandboxemulator.junit.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

import java.util.List;

/** Builds the message of a failed distinctness assertion: the parent, the clones, and which IDs collide. */
public final class ShouldBeDistinctClones extends BasicErrorMessageFactory {

    private ShouldBeDistinctClones(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for clones whose IDs repeat the parent's or each other's.
     *
     * @param parentId the parent sandbox's ID
     * @param cloneIds the clones' IDs, in the result's order
     * @param sameAsParent how many clones carry the parent's ID
     * @param duplicates the IDs held by more than one clone
     */
    public static ErrorMessageFactory shouldBeDistinctClones(
            String parentId, List<String> cloneIds, int sameAsParent, List<String> duplicates) {
        return new ShouldBeDistinctClones(
                "%nExpecting clones:%n  %s%nto have IDs distinct from their parent %s and from each other%n"
                        + "but %s of them had the parent's ID, and these IDs were repeated:%n  %s",
                unquotedString(cloneIds.toString()), unquotedString(parentId), sameAsParent,
                unquotedString(duplicates.toString()));
    }
}
