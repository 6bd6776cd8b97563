package dev.sandboxemulator.emulator.server;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of query strings and path segments, for the control plane and envd alike. */
public final class QueryStrings {
    private QueryStrings() {
    }

    /**
     * Decodes a query string the way a form would ({@code +} is a space, {@code %XX} a byte): every
     * value of each parameter, in order.
     *
     * @throws InvalidRequestException for malformed percent-encoding
     */
    public static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "query");
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /**
     * Form-decodes one piece of a URL; {@code where} names it in the error.
     *
     * @throws InvalidRequestException for malformed percent-encoding
     */
    public static String decode(String raw, String where) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("malformed percent-encoding in the " + where + ": '" + raw + "'");
        }
    }
}
