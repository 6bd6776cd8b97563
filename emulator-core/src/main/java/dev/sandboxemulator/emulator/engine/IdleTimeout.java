package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Novita's idle timeout, read from a sandbox's metadata: {@value #METADATA_KEY} is a whole number of
 * seconds as a string, and {@code "0"} (or no such key) turns it off. {@link IdleClock} says what
 * counts as idle.
 */
final class IdleTimeout {

    static final String METADATA_KEY = "idle_timeout";
    /**
     * Thirty days: far beyond any sandbox's life, and small enough that no deadline computed from
     * it can overflow. A larger value is almost certainly a mistake (milliseconds for seconds).
     */
    static final long MAX_SECONDS = Duration.ofDays(30).toSeconds();

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private IdleTimeout() {
    }

    /**
     * The idle timeout {@code metadata} asks for; empty when it asks for none or for {@code "0"}.
     *
     * @throws InvalidRequestException if the value is not a whole number of seconds between 0 and {@link #MAX_SECONDS}
     */
    static Optional<Duration> of(Map<String, String> metadata) {
        String value = metadata.get(METADATA_KEY);
        if (value == null) {
            return Optional.empty();
        }
        if (value.startsWith("-") && DIGITS.matcher(value.substring(1)).matches()) {
            throw new InvalidRequestException("metadata " + METADATA_KEY + " must not be negative, was \"" + value
                    + "\"; use \"0\" to turn the idle timeout off");
        }
        if (!DIGITS.matcher(value).matches()) {
            throw new InvalidRequestException("metadata " + METADATA_KEY + " must be a whole number of seconds as a string"
                    + " (for example \"300\"), was \"" + value + "\"");
        }
        // Leading zeros are harmless; strip them so that a long run of them is not taken for a huge number.
        String significant = value.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 19 || Long.parseLong(significant) > MAX_SECONDS) {
            throw new InvalidRequestException("metadata " + METADATA_KEY + " must be at most " + MAX_SECONDS
                    + " seconds (30 days), was \"" + value + "\"");
        }
        long seconds = Long.parseLong(significant);
        return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }
}
