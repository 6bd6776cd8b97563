package dev.sandboxemulator.client.internal;

import java.nio.charset.StandardCharsets;

/** The two percent-encodings the JavaScript SDK uses, reproduced byte for byte. */
public final class UriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {}

    /**
     * Encodes like JavaScript's {@code encodeURIComponent}: {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )} stay as they are, every
     * other character becomes the {@code %XX} escapes of its UTF-8 bytes.
     *
     * @throws IllegalArgumentException if {@code value} contains an unpaired surrogate (JavaScript throws URIError)
     */
    public static String encodeUriComponent(String value) {
        return encode(value, false);
    }

    /**
     * Encodes like the {@code application/x-www-form-urlencoded} serializer behind {@code URLSearchParams.toString()}:
     * {@code A-Z a-z 0-9 * - . _} stay as they are, a space becomes {@code +}, every other character becomes the
     * {@code %XX} escapes of its UTF-8 bytes.
     *
     * @throws IllegalArgumentException if {@code value} contains an unpaired surrogate
     */
    public static String formEncode(String value) {
        return encode(value, true);
    }

    private static String encode(String value, boolean form) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isAsciiAlphanumeric(c) || c == '-' || c == '_' || c == '.' || c == '*') {
                out.append(c);
            } else if (!form && (c == '!' || c == '~' || c == '\'' || c == '(' || c == ')')) {
                out.append(c);
            } else if (form && c == ' ') {
                out.append('+');
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < value.length() && Character.isLowSurrogate(value.charAt(end))) {
                    end++;
                } else if (Character.isSurrogate(c)) {
                    throw new IllegalArgumentException("unpaired surrogate at index " + i);
                }
                for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
                i = end - 1;
            }
        }
        return out.toString();
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
