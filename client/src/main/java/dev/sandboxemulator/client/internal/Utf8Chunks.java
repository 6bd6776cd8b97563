package dev.sandboxemulator.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes a byte stream that arrives in chunks as UTF-8, holding back a character split across chunks until the rest of
 * it arrives. Malformed input becomes U+FFFD. Not thread-safe.
 */
public final class Utf8Chunks {
    private byte[] pending = new byte[0];

    /** Returns the text of {@code chunk}, plus any bytes held back from earlier, minus an incomplete trailing character. */
    public String decode(byte[] chunk) {
        byte[] bytes = pending.length == 0 ? chunk : concat(pending, chunk);
        int complete = completePrefix(bytes);
        pending = Arrays.copyOfRange(bytes, complete, bytes.length);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** Returns the bytes still held back, decoded with replacement, and forgets them. */
    public String flush() {
        String rest = new String(pending, StandardCharsets.UTF_8);
        pending = new byte[0];
        return rest;
    }

    private static int completePrefix(byte[] bytes) {
        int end = bytes.length;
        for (int i = end - 1; i >= 0 && i >= end - 3; i--) {
            int b = bytes[i] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return end - i < needed ? i : end;
        }
        return end;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
