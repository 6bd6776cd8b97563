package dev.sandboxemulator.client;

import java.util.Objects;

/**
 * One chunk of a command's output, in the order envd sent it. Instances are immutable.
 *
 * @param kind which stream the chunk came from
 * @param text the chunk, decoded as UTF-8 (a character split across chunks is decoded whole, in the later one)
 */
public record ProcessOutput(Kind kind, String text) {
    /** Checks for nulls. */
    public ProcessOutput {
        Objects.requireNonNull(kind, "kind == null");
        Objects.requireNonNull(text, "text == null");
    }

    /** The stream a chunk came from. */
    public enum Kind {
        /** Standard output. */
        STDOUT,
        /** Standard error. */
        STDERR
    }
}
