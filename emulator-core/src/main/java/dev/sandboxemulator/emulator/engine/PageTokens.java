package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque tokens that page a listing: a token names the creation sequence number of the last
 * item of its page, so the next page starts after it even if items were added or removed
 * between the calls. Both the sandbox list and the snapshot list page this way.
 */
final class PageTokens {

    private static final String PREFIX = "after:";

    private PageTokens() {
    }

    /** The token for the page that follows the item numbered {@code sequence}. */
    static String after(long sequence) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + sequence).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sequence number a token of {@link #after} names; a token that no page handed out is the
     * caller's mistake, refused with {@code parameter} (the name the caller passed it under).
     */
    static long sequenceAfter(String token, String parameter) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                return Long.parseLong(decoded.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // not Base64 or not a number: refused below like any other token we never handed out
        }
        throw new InvalidRequestException("invalid " + parameter + " '" + token + "': pass the X-Next-Token of a previous page");
    }
}
