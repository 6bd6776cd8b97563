package dev.sandboxemulator.junit.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the message of an assertion on every clone of a clone result: the requirement, and, for each clone that
 * failed it, a {@code - clone <id>:} line followed by the message of its own assertion (which says what that clone
 * held).
 */
public final class EachCloneShould extends BasicErrorMessageFactory {

    private EachCloneShould(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for clones that failed a requirement.
     *
     * @param requirement what each clone should have been, such as {@code to have file "/tmp/a"}
     * @param total how many clones were checked
     * @param failures the message of each failing clone's assertion, by clone ID, in the result's order
     */
    public static ErrorMessageFactory eachCloneShould(String requirement, int total, Map<String, String> failures) {
        // The clones' messages are not indented: they quote file contents and output, whose lines must stay as
        // they are.
        String details = failures.entrySet().stream()
                .map(failure -> "- clone " + failure.getKey() + ":" + System.lineSeparator()
                        + failure.getValue().strip())
                .collect(Collectors.joining(System.lineSeparator()));
        return new EachCloneShould(
                "%nExpecting each of the %s clones%n%s%nbut %s did not: %s%n%s",
                total, unquotedString(requirement), failures.size(), unquotedString(failures.keySet().toString()),
                unquotedString(details));
    }

    /**
     * Creates the message for a requirement on every clone of a result that holds no clones.
     *
     * @param requirement what each clone should have been, such as {@code to have file "/tmp/a"}
     */
    public static ErrorMessageFactory eachCloneShouldButThereWereNone(String requirement) {
        return new EachCloneShould(
                "%nExpecting each clone%n%s%nbut the clone result holds no clones", unquotedString(requirement));
    }
}
