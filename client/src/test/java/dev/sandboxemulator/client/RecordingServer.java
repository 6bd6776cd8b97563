package dev.sandboxemulator.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server on port 0 that records every request and answers with canned responses, in the order they
 * were enqueued. When the queue is empty it answers 500 so a test fails loudly.
 */
final class RecordingServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();

    RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Returns {@code http://127.0.0.1:<port>}. */
    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Returns a client pointed at this server, without reading the process environment. */
    SandboxClient client() {
        return SandboxClient.builder().apiUrl(url()).build();
    }

    RecordingServer enqueue(Reply reply) {
        replies.add(reply);
        return this;
    }

    /** Returns the next recorded request, waiting briefly for it. */
    RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest request = requests.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request was recorded");
        }
        return request;
    }

    /** Returns the number of requests recorded and not yet taken. */
    int pendingRequests() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            requests.add(
                    new RecordedRequest(
                            exchange.getRequestMethod(),
                            exchange.getRequestURI().getRawPath(),
                            exchange.getRequestURI().getRawQuery(),
                            Collections.unmodifiableMap(headers),
                            body));

            Reply reply = replies.poll();
            if (reply == null) {
                reply = Reply.json(500, "{\"code\":500,\"message\":\"RecordingServer has no canned response\"}");
            }
            if (!reply.delay.isZero()) {
                try {
                    Thread.sleep(reply.delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            reply.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (reply.parts != null) {
                sendParts(exchange, reply);
                return;
            }
            byte[] bytes = reply.body;
            if (bytes.length == 0 && !reply.forceContentLength) {
                exchange.sendResponseHeaders(reply.status, -1);
            } else if (bytes.length == 0) {
                exchange.getResponseHeaders().set("Content-Length", "0");
                exchange.sendResponseHeaders(reply.status, -1);
            } else {
                exchange.sendResponseHeaders(reply.status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Sends a chunked body part by part, flushing each one, so the client sees them arrive separately. */
    private static void sendParts(HttpExchange exchange, Reply reply) throws IOException {
        exchange.sendResponseHeaders(reply.status, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (Part part : reply.parts) {
                try {
                    if (part.awaitBefore != null && !part.awaitBefore.await(10, TimeUnit.SECONDS)) {
                        throw new IOException("RecordingServer: the test never released a streamed part");
                    }
                    if (!part.pauseBefore.isZero()) {
                        Thread.sleep(part.pauseBefore.toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                out.write(part.bytes);
                out.flush();
                if (part.sentSignal != null) {
                    part.sentSignal.countDown();
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** One request as it arrived. Header names are case-insensitive. */
    record RecordedRequest(
            String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Returns {@code path?query}, or just the path without a query. */
        String target() {
            return query == null ? path : path + "?" + query;
        }
    }

    /** A canned response. */
    static final class Reply {
        final int status;
        final byte[] body;
        final Map<String, String> headers;
        final Duration delay;
        final List<Part> parts;
        final boolean forceContentLength;

        private Reply(
                int status,
                byte[] body,
                Map<String, String> headers,
                Duration delay,
                List<Part> parts,
                boolean forceContentLength) {
            this.status = status;
            this.body = body;
            this.headers = headers;
            this.delay = delay;
            this.parts = parts;
            this.forceContentLength = forceContentLength;
        }

        private static Reply of(int status, String contentType, byte[] body) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return new Reply(status, body, headers, Duration.ZERO, null, false);
        }

        /** A response with {@code Content-Type: application/json} and {@code body}. */
        static Reply json(int status, String body) {
            return of(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }

        /** A response with no body. */
        static Reply empty(int status) {
            return of(status, null, new byte[0]);
        }

        /** A response with a plain-text body. */
        static Reply text(int status, String body) {
            return of(status, "text/plain", body.getBytes(StandardCharsets.UTF_8));
        }

        /** A response with {@code Content-Type: application/octet-stream}; an empty body says {@code Content-Length: 0}. */
        static Reply bytes(int status, byte[] body) {
            Reply reply = of(status, "application/octet-stream", body);
            return new Reply(reply.status, reply.body, reply.headers, reply.delay, null, true);
        }

        /** A chunked response with {@code contentType}, sent part by part. */
        static Reply stream(int status, String contentType, Part... parts) {
            Reply reply = of(status, contentType, new byte[0]);
            return new Reply(reply.status, reply.body, reply.headers, reply.delay, List.of(parts), false);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> headers = new LinkedHashMap<>(this.headers);
            headers.put(name, value);
            return new Reply(status, body, headers, delay, parts, forceContentLength);
        }

        Reply withDelay(Duration delay) {
            return new Reply(status, body, headers, delay, parts, forceContentLength);
        }
    }

    /** One piece of a streamed body: optionally wait for the test, or pause, then write and flush the bytes. */
    static final class Part {
        final byte[] bytes;
        final Duration pauseBefore;
        final CountDownLatch awaitBefore;
        final CountDownLatch sentSignal;

        private Part(byte[] bytes, Duration pauseBefore, CountDownLatch awaitBefore, CountDownLatch sentSignal) {
            this.bytes = bytes;
            this.pauseBefore = pauseBefore;
            this.awaitBefore = awaitBefore;
            this.sentSignal = sentSignal;
        }

        static Part of(byte[] bytes) {
            return new Part(bytes, Duration.ZERO, null, null);
        }

        /** Writes nothing more until {@code latch} is released (at most 10 seconds). */
        Part after(CountDownLatch latch) {
            return new Part(bytes, pauseBefore, latch, sentSignal);
        }

        /** Pauses before writing. */
        Part afterPause(Duration pause) {
            return new Part(bytes, pause, awaitBefore, sentSignal);
        }

        /** Counts {@code latch} down once the bytes were written and flushed. */
        Part signalling(CountDownLatch latch) {
            return new Part(bytes, pauseBefore, awaitBefore, latch);
        }
    }

    /** JSON bodies shared by the tests. */
    static final class Bodies {
        private Bodies() {}

        static String sandbox(String id, String envdVersion) {
            return "{\"sandboxID\":\""
                    + id
                    + "\",\"clientID\":\"c0ffee00\",\"templateID\":\"base\",\"envdVersion\":\""
                    + envdVersion
                    + "\",\"envdAccessToken\":\"tok-"
                    + id
                    + "\",\"domain\":null}";
        }

        static String listed(String id, String state) {
            return "{\"sandboxID\":\""
                    + id
                    + "\",\"clientID\":\"c0ffee00\",\"templateID\":\"base\",\"startedAt\":\"2026-01-02T03:04:05Z\","
                    + "\"endAt\":\"2026-01-02T03:09:05Z\",\"state\":\""
                    + state
                    + "\",\"cpuCount\":2,\"memoryMB\":512,\"diskSizeMB\":1024,\"envdVersion\":\"0.5.7\"}";
        }

        static String array(String... elements) {
            List<String> list = new ArrayList<>(List.of(elements));
            return "[" + String.join(",", list) + "]";
        }
    }
}
