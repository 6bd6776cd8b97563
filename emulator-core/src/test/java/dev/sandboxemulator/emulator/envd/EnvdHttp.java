package dev.sandboxemulator.emulator.envd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Hand-made envd requests, as the SDK's Connect transport sends them, for tests of the wire format.
 */
final class EnvdHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String sandboxId;
    private final Map<String, String> headers = new LinkedHashMap<>();

    EnvdHttp(String baseUrl, String sandboxId, String accessToken) {
        this(HttpClient.newHttpClient(), baseUrl, sandboxId, accessToken);
    }

    /** Over {@code http}, so that many of these share its connections, as one SDK client does. */
    EnvdHttp(HttpClient http, String baseUrl, String sandboxId, String accessToken) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.sandboxId = sandboxId;
        if (sandboxId != null) {
            headers.put("Novita-Sandbox-Id", sandboxId);
            headers.put("Novita-Sandbox-Port", "49983");
        }
        if (accessToken != null) {
            headers.put("X-Access-Token", accessToken);
        }
    }

    /**
     * Creates a base sandbox that needs no access token ({@code "secure": false}) over the control
     * plane, and returns a client of its data plane; both over {@code http}.
     */
    static EnvdHttp forNewSandbox(HttpClient http, dev.sandboxemulator.emulator.SandboxTeam emulator) {
        HttpResponse<byte[]> created = new EnvdHttp(http, emulator.apiUrl(), null, null).header("X-API-KEY", emulator.apiKey())
                .post("/sandboxes", "application/json", "{\"templateID\":\"base\",\"secure\":false}".getBytes(StandardCharsets.UTF_8),
                        Map.of());
        if (created.statusCode() != 201) {
            throw new AssertionError("creating a sandbox answered " + created.statusCode() + " "
                    + new String(created.body(), StandardCharsets.UTF_8));
        }
        try {
            return new EnvdHttp(http, emulator.sandboxUrl(), JSON.readTree(created.body()).get("sandboxID").asText(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sandbox whose data plane this client calls, or null. */
    String sandboxId() {
        return sandboxId;
    }

    EnvdHttp header(String name, String value) {
        EnvdHttp copy = new EnvdHttp(http, baseUrl, sandboxId, null);
        copy.headers.clear();
        copy.headers.putAll(headers);
        if (value == null) {
            copy.headers.remove(name);
        } else {
            copy.headers.put(name, value);
        }
        return copy;
    }

    EnvdHttp asUser(String user) {
        return header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":").getBytes(StandardCharsets.UTF_8)));
    }

    /** A unary Connect call; returns the status and the JSON body. */
    Reply unary(String procedure, String json) {
        HttpRequest.Builder request = request("/" + procedure)
                .header("Content-Type", "application/json")
                .header("Connect-Protocol-Version", "1")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<byte[]> response = send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /** Opens a server stream; the caller reads envelopes from it. */
    Stream stream(String procedure, String json, long timeoutMs) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        byte[] envelope = ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(payload.length).put(payload).array();
        HttpRequest.Builder request = request("/" + procedure)
                .header("Content-Type", "application/connect+json")
                .header("Connect-Protocol-Version", "1")
                .header("Keepalive-Ping-Interval", "50")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope));
        if (timeoutMs > 0) {
            request.header("Connect-Timeout-Ms", Long.toString(timeoutMs));
        }
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Stream(response);
    }

    HttpResponse<byte[]> get(String pathAndQuery, Map<String, String> extra) {
        HttpRequest.Builder request = request(pathAndQuery).GET();
        extra.forEach(request::header);
        return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> delete(String pathAndQuery) {
        return send(request(pathAndQuery).DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> post(String pathAndQuery, String contentType, byte[] body, Map<String, String> extra) {
        HttpRequest.Builder request = request(pathAndQuery).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        extra.forEach(request::header);
        return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A multipart/form-data body shaped like the one undici (the SDK's fetch) sends. */
    static byte[] multipart(String boundary, Map<String, byte[]> files) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file.getValue());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery));
        headers.forEach(request::header);
        return request;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, String contentType, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        @Override
        public String toString() {
            return status + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One envelope of a stream. */
    record Envelope(int flags, JsonNode message) {
        boolean isEndStream() {
            return (flags & 0x02) != 0;
        }
    }

    static final class Stream implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final DataInputStream in;

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
            this.in = new DataInputStream(response.body());
        }

        int status() {
            return response.statusCode();
        }

        String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        /** The next envelope, blocking until it arrives. */
        Envelope next() {
            try {
                int flags = in.readUnsignedByte();
                int length = in.readInt();
                byte[] payload = in.readNBytes(length);
                return new Envelope(flags, JSON.readTree(payload));
            } catch (EOFException e) {
                throw new AssertionError("the stream ended without an end-stream envelope", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Envelopes up to and including the first that matches, skipping keepalives. */
        List<Envelope> until(Predicate<Envelope> last) {
            List<Envelope> seen = new ArrayList<>();
            while (true) {
                Envelope envelope = next();
                if (isKeepalive(envelope)) {
                    continue;
                }
                seen.add(envelope);
                if (last.test(envelope)) {
                    return seen;
                }
            }
        }

        /** Everything up to the end-stream envelope, keepalives left out. */
        List<Envelope> all() {
            return until(Envelope::isEndStream);
        }

        private static boolean isKeepalive(Envelope envelope) {
            JsonNode m = envelope.message();
            return m.has("keepalive") || (m.has("event") && m.get("event").has("keepalive"));
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
