package dev.sandboxemulator.junit.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

import java.util.Map;
import java.util.TreeMap;

/** Builds the message of a failed metadata assertion: the entry that was expected and all the metadata there was. */
public final class ShouldHaveMetadataEntry extends BasicErrorMessageFactory {

    private ShouldHaveMetadataEntry(String format, Object... arguments) {
        super(format, arguments);
    }

    /**
     * Creates the message for a sandbox whose metadata lacks an entry or holds another value for its key.
     *
     * @param sandboxId the sandbox's ID
     * @param key the expected key
     * @param value the expected value
     * @param actual the sandbox's metadata
     */
    public static ErrorMessageFactory shouldHaveMetadataEntry(
            String sandboxId, String key, String value, Map<String, String> actual) {
        Map<String, String> sorted = new TreeMap<>(actual);
        if (actual.containsKey(key)) {
            return new ShouldHaveMetadataEntry(
                    "%nExpecting sandbox %s%nto have metadata entry:%n  %s=%s%n"
                            + "but %s was:%n  %s%nin its metadata:%n  %s",
                    unquotedString(sandboxId), key, value, key, actual.get(key), sorted);
        }
        return new ShouldHaveMetadataEntry(
                "%nExpecting sandbox %s%nto have metadata entry:%n  %s=%s%n"
                        + "but there is no key %s in its metadata:%n  %s",
                unquotedString(sandboxId), key, value, key, sorted);
    }
}
