package dev.sandboxemulator.client.internal;

import java.util.Map;
import java.util.StringJoiner;

/**
 * Encodes the {@code metadata} filter of {@code GET /v2/sandboxes} exactly like the JavaScript SDK, which encodes it
 * three times:
 *
 * <ol>
 *   <li>each key and value goes through {@code encodeURIComponent};
 *   <li>the pairs go through {@code new URLSearchParams(pairs).toString()} (form encoding, joined with {@code =} and
 *       {@code &});
 *   <li>openapi-fetch passes the whole string through {@code encodeURIComponent} once more.
 * </ol>
 *
 * <p>So {@code {"a b": "c&d"}} becomes {@code a%252520b%3Dc%252526d}. A server decodes the query parameter, parses the
 * result as a form, then percent-decodes each key and value once more.
 */
public final class MetadataQueryEncoder {
    private MetadataQueryEncoder() {}

    /** Returns the value of the {@code metadata} query parameter for {@code metadata}, in its iteration order. */
    public static String encode(Map<String, String> metadata) {
        StringJoiner form = new StringJoiner("&");
        metadata.forEach(
                (key, value) ->
                        form.add(
                                UriEncoding.formEncode(UriEncoding.encodeUriComponent(key))
                                        + '='
                                        + UriEncoding.formEncode(UriEncoding.encodeUriComponent(value))));
        return UriEncoding.encodeUriComponent(form.toString());
    }
}
