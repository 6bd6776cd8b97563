package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandboxemulator.client.RecordingServer.Part;
import dev.sandboxemulator.client.RecordingServer.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Connect envelopes and process events for the envd tests, written by hand so the tests do not share the client's code. */
final class Connect {
    static final String STREAM_CONTENT_TYPE = "application/connect+json";

    private Connect() {}

    /** A message envelope: flag 0x00, big-endian length, JSON. */
    static byte[] message(String json) {
        return envelope(0x00, json.getBytes(StandardCharsets.UTF_8));
    }

    /** An end-stream envelope: flag 0x02, big-endian length, JSON. */
    static byte[] endStream(String json) {
        return envelope(0x02, json.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] envelope(int flag, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) flag).putInt(payload.length).put(payload).array();
    }

    static byte[] concat(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /** A 200 stream response whose envelopes are each written and flushed separately. */
    static Reply stream(byte[]... envelopes) {
        return Reply.stream(200, STREAM_CONTENT_TYPE, Arrays.stream(envelopes).map(Part::of).toArray(Part[]::new));
    }

    /** A 200 stream response made of the given parts. */
    static Reply stream(Part... parts) {
        return Reply.stream(200, STREAM_CONTENT_TYPE, parts);
    }

    /** Checks that {@code body} is exactly one uncompressed message envelope and returns its JSON. */
    static String requestJson(byte[] body) {
        assertThat(body.length).as("envelope length").isGreaterThanOrEqualTo(5);
        assertThat(body[0]).as("envelope flag").isEqualTo((byte) 0);
        int length = ByteBuffer.wrap(body, 1, 4).getInt();
        assertThat(length).as("envelope length prefix").isEqualTo(body.length - 5);
        return new String(body, 5, length, StandardCharsets.UTF_8);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] start(int pid) {
        return message("{\"event\":{\"start\":{\"pid\":" + pid + "}}}");
    }

    static byte[] stdout(String text) {
        return message("{\"event\":{\"data\":{\"stdout\":\"" + base64(text) + "\"}}}");
    }

    static byte[] stderr(String text) {
        return message("{\"event\":{\"data\":{\"stderr\":\"" + base64(text) + "\"}}}");
    }

    static byte[] keepalive() {
        return message("{\"event\":{\"keepalive\":{}}}");
    }

    /** An end event for exit code 0: the proto default, so {@code exitCode} is omitted. */
    static byte[] endOk() {
        return message("{\"event\":{\"end\":{\"exited\":true,\"status\":\"exit status 0\"}}}");
    }

    static byte[] endWith(int exitCode) {
        return message(
                "{\"event\":{\"end\":{\"exitCode\":"
                        + exitCode
                        + ",\"exited\":true,\"status\":\"exit status "
                        + exitCode
                        + "\",\"error\":\"exit status "
                        + exitCode
                        + "\"}}}");
    }

    static byte[] endStreamOk() {
        return endStream("{}");
    }

    static byte[] endStreamError(String code, String message) {
        return endStream("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }
}
