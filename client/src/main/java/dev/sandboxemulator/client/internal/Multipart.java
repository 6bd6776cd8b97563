package dev.sandboxemulator.client.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A multipart/form-data body (RFC 7578) built from file parts, each with {@code Content-Type:
 * application/octet-stream}. Names and filenames escape {@code "}, CR and LF as {@code %22}, {@code %0D} and
 * {@code %0A}, like browsers and undici. Not thread-safe.
 */
final class Multipart {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final List<byte[]> parts = new ArrayList<>();

    Multipart(String boundary) {
        this.boundary = boundary;
    }

    /** Returns a fresh boundary that cannot plausibly occur in file content. */
    static String newBoundary() {
        StringBuilder boundary = new StringBuilder("----sandbox-emulator-java-");
        for (int i = 0; i < 24; i++) {
            boundary.append(Character.forDigit(RANDOM.nextInt(16), 16));
        }
        return boundary.toString();
    }

    void addFile(String name, String filename, byte[] content) {
        String head =
                "--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + escape(name)
                        + "\"; filename=\""
                        + escape(filename)
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        parts.add(head.getBytes(StandardCharsets.UTF_8));
        parts.add(content);
        parts.add("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the {@code Content-Type} header value. */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** Returns the body as a sequence of byte arrays, closing delimiter included. */
    List<byte[]> parts() {
        List<byte[]> all = new ArrayList<>(parts);
        all.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return all;
    }

    private static String escape(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
