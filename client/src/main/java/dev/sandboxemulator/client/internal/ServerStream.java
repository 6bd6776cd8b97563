package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The response side of one Connect server-streaming call, read as it arrives. Each envelope is one flag byte, a 4-byte
 * big-endian length and that many bytes of JSON. Flag {@code 0x00} is a message; flag {@code 0x02} is the end-stream
 * message, {@code {}} on success or {@code {"error":{"code","message"}}}; flag {@code 0x01} (compressed) is rejected
 * because no compression is negotiated.
 *
 * <p>One thread reads with {@link #next()}; any thread may {@link #close()} the stream, which aborts the HTTP exchange
 * and makes a blocked {@link #next()} fail with an {@link IOException}.
 */
public final class ServerStream implements AutoCloseable {
    /** The largest message accepted; envd sends output in chunks of at most 32 KiB. */
    static final int MAX_MESSAGE_BYTES = 16 << 20;

    static final int FLAG_COMPRESSED = 0x01;
    static final int FLAG_END_STREAM = 0x02;

    private final String procedure;
    private final CompletableFuture<HttpResponse<InputStream>> response;
    private volatile InputStream body;
    private volatile boolean closed;
    private boolean ended;

    ServerStream(String procedure, CompletableFuture<HttpResponse<InputStream>> response) {
        this.procedure = procedure;
        this.response = response;
    }

    /** Returns the procedure, such as {@code /process.Process/Start}. */
    public String procedure() {
        return procedure;
    }

    /** Returns whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Blocks until the next message arrives and returns it, or returns null once the stream ended successfully.
     *
     * @throws RpcError.Failure if the stream ended with an error, the response status was not 200, or the server broke
     *     the protocol (a missing end-stream message, a compressed or truncated envelope, a message that is not JSON)
     * @throws IOException if the exchange failed or the stream was closed
     * @throws InterruptedException if the thread was interrupted while waiting for the response headers
     */
    public JsonNode next() throws RpcError.Failure, IOException, InterruptedException {
        if (ended) {
            return null;
        }
        InputStream in = body();
        byte[] header = new byte[5];
        int read = in.readNBytes(header, 0, header.length);
        if (read == 0) {
            throw protocolError("missing EndStreamResponse");
        }
        if (read < header.length) {
            throw protocolError("truncated envelope header (" + read + " of 5 bytes)");
        }
        int flags = header[0] & 0xFF;
        long length =
                ((header[1] & 0xFFL) << 24) | ((header[2] & 0xFFL) << 16) | ((header[3] & 0xFFL) << 8) | (header[4] & 0xFFL);
        if ((flags & FLAG_COMPRESSED) != 0) {
            throw protocolError("received a compressed envelope, but no compression was negotiated");
        }
        if (length > MAX_MESSAGE_BYTES) {
            throw protocolError("envelope of " + length + " bytes exceeds the limit of " + MAX_MESSAGE_BYTES);
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw protocolError("truncated envelope (" + payload.length + " of " + length + " bytes)");
        }
        JsonNode message;
        try {
            message = ProtoJson.parse(payload);
        } catch (IOException e) {
            throw protocolError("envelope is not JSON: " + e.getMessage());
        }
        if ((flags & FLAG_END_STREAM) != 0) {
            ended = true;
            close();
            JsonNode error = ProtoJson.member(message, "error");
            if (error != null) {
                String code = ProtoJson.string(error, "code", null);
                String text = ProtoJson.stringOrEmpty(error, "message", null);
                throw new RpcError.Failure(
                        new RpcError(EnvdApi.isConnectCode(code) ? code : "unknown", text, EnvdApi.NO_STATUS));
            }
            return null;
        }
        return message;
    }

    private InputStream body() throws RpcError.Failure, IOException, InterruptedException {
        InputStream in = body;
        if (in != null) {
            return in;
        }
        if (closed) {
            throw new IOException("stream closed");
        }
        HttpResponse<InputStream> received;
        try {
            received = response.get();
        } catch (CancellationException e) {
            throw new IOException("stream closed", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException(cause);
        }
        in = received.body();
        body = in;
        if (closed) {
            in.close();
            throw new IOException("stream closed");
        }
        if (received.statusCode() != 200) {
            byte[] bytes;
            try (InputStream errorBody = in) {
                bytes = errorBody.readNBytes(64 * 1024);
            }
            ended = true;
            throw new RpcError.Failure(EnvdApi.errorFromResponse(received.statusCode(), bytes));
        }
        String contentType = received.headers().firstValue("Content-Type").orElse("");
        if (!contentType.isEmpty() && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/connect+json")) {
            close();
            throw protocolError("unexpected Content-Type " + contentType);
        }
        return in;
    }

    private RpcError.Failure protocolError(String detail) {
        ended = true;
        close();
        return new RpcError.Failure(new RpcError("internal", "protocol error: " + detail, EnvdApi.NO_STATUS));
    }

    /** Aborts the exchange. Idempotent; a concurrent {@link #next()} fails with an {@link IOException}. */
    @Override
    public void close() {
        closed = true;
        response.cancel(true);
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Nothing useful can be done; the exchange is abandoned either way.
            }
        }
    }

    @Override
    public String toString() {
        return "ServerStream{" + procedure + "}";
    }
}
