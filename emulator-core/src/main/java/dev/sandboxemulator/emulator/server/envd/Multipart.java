package dev.sandboxemulator.emulator.server.envd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small {@code multipart/form-data} reader for {@code POST /files}: the JDK has none, and the
 * SDK sends only simple bodies (one part per file, a filename, raw bytes), so this is kept to
 * what RFC 7578 needs for them rather than adding a dependency to everyone's test classpath.
 */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    /** One part: its form name, its filename if any, and its bytes. */
    record Part(String name, Optional<String> filename, byte[] content) {
    }

    private Multipart() {
    }

    static List<Part> parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("multipart Content-Type has no boundary");
        }
        byte[] delimiter = ("--" + (m.group(1) != null ? m.group(1) : m.group(2))).getBytes(StandardCharsets.ISO_8859_1);
        byte[] innerDelimiter = concat("\r\n".getBytes(StandardCharsets.ISO_8859_1), delimiter);
        List<Part> parts = new ArrayList<>();
        // The first delimiter may open the body; every later one is preceded by CRLF (RFC 2046 5.1.1),
        // which is what keeps "--boundary" inside binary content from splitting a part.
        int position = startsWith(body, 0, new String(delimiter, StandardCharsets.ISO_8859_1)) ? 0 : -1;
        if (position < 0) {
            int inner = indexOf(body, innerDelimiter, 0);
            position = inner < 0 ? -1 : inner + 2;
        }
        if (position < 0) {
            throw new IllegalArgumentException("multipart body does not contain its boundary");
        }
        while (true) {
            int afterDelimiter = position + delimiter.length;
            if (startsWith(body, afterDelimiter, "--")) {
                return parts;
            }
            int headersStart = skipLineBreak(body, afterDelimiter);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("multipart part has no end of headers");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, innerDelimiter, contentStart);
            if (contentEnd < 0) {
                throw new IllegalArgumentException("multipart body ends without its closing boundary");
            }
            parts.add(part(headers, Arrays.copyOfRange(body, contentStart, contentEnd)));
            position = contentEnd + 2;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Part part(String headers, byte[] content) {
        String disposition = null;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                disposition = line;
            }
        }
        if (disposition == null) {
            throw new IllegalArgumentException("multipart part has no Content-Disposition");
        }
        Matcher name = NAME.matcher(disposition);
        Matcher filename = FILENAME.matcher(disposition);
        return new Part(name.find() ? name.group(1) : "", filename.find() ? Optional.of(filename.group(1)) : Optional.empty(), content);
    }

    private static int skipLineBreak(byte[] body, int at) {
        if (startsWith(body, at, "\r\n")) {
            return at + 2;
        }
        return startsWith(body, at, "\n") ? at + 1 : at;
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (at + bytes.length > body.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (body[at + i] != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
