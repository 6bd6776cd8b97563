package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque tokens that page a listing: a token names the last item of its page (its creation
 * sequence number, and for the sandbox list, which sorts by start time, its start time too), so
 * the next page starts after it even if items were added or removed between the calls.
 */
final class PageTokens {

    private static final String PREFIX = "after:";
    private static final String POSITION_PREFIX = "at:";

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

    /** Where a sandbox listing sorted by start time stopped: the last item's start time and sequence number. */
    record Position(Instant startedAt, long sequence) {
    }

    /** The token for the page that follows the item at {@code position}. */
    static String after(Position position) {
        String text = POSITION_PREFIX + position.startedAt().getEpochSecond() + ":" + position.startedAt().getNano()
                + ":" + position.sequence();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token of {@link #after(Position)} names; any other token is refused as in {@link #sequenceAfter}. */
    static Position positionAfter(String token, String parameter) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(POSITION_PREFIX)) {
                String[] parts = decoded.substring(POSITION_PREFIX.length()).split(":", -1);
                if (parts.length == 3) {
                    return new Position(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                            Long.parseLong(parts[2]));
                }
            }
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            // not Base64, not numbers or not an instant: refused below like any other token we never handed out
        }
        throw new InvalidRequestException("invalid " + parameter + " '" + token + "': pass the X-Next-Token of a previous page");
    }
}
