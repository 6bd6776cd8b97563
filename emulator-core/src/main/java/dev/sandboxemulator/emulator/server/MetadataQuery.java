package dev.sandboxemulator.emulator.server;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the list endpoint's {@code metadata} filter. The SDK encodes it three times
 * (encodeURIComponent on each key and value, then URLSearchParams, then encodeURIComponent on the
 * whole); the query parser has already undone the last, so this parses the form encoding and
 * percent-decodes each key and value once more. A value encoded only once (a hand-written
 * {@code metadata=env%3Ddev}) decodes to the same pairs.
 */
final class MetadataQuery {
    private MetadataQuery() {
    }

    static Map<String, String> decode(List<String> values) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String value : values) {
            for (String pair : value.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new InvalidRequestException("invalid metadata filter '" + pair + "': expected key=value");
                }
                String key = component(QueryStrings.decode(pair.substring(0, eq), "metadata filter"));
                String val = component(QueryStrings.decode(pair.substring(eq + 1), "metadata filter"));
                pairs.put(key, val);
            }
        }
        return pairs;
    }

    /** decodeURIComponent: like form decoding, but a {@code +} stays a plus. */
    private static String component(String encoded) {
        return QueryStrings.decode(encoded.replace("+", "%2B"), "metadata filter");
    }
}
