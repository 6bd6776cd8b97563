package dev.sandboxemulator.emulator.server.envd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Connect's streaming framing: each message is one flag byte, a 4-byte big-endian length and the
 * payload. Flag {@code 0x02} marks the end-stream message; {@code 0x01} (compressed) is refused,
 * since the emulator negotiates no compression.
 */
final class Envelopes {
    static final int FLAG_MESSAGE = 0x00;
    static final int FLAG_COMPRESSED = 0x01;
    static final int FLAG_END_STREAM = 0x02;

    private Envelopes() {
    }

    /** The payload of the single message a server-streaming request carries. */
    static byte[] readSingleRequest(byte[] body) {
        if (body.length < 5) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT,
                    "a streaming request must be one Connect envelope (5-byte prefix + message), got " + body.length + " bytes");
        }
        int flags = body[0] & 0xff;
        if ((flags & FLAG_COMPRESSED) != 0) {
            throw new ConnectException(ConnectCode.INTERNAL, "compressed envelopes are not supported");
        }
        int length = ByteBuffer.wrap(body, 1, 4).getInt();
        if (length < 0 || length != body.length - 5) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT,
                    "envelope length " + length + " does not match the " + (body.length - 5) + " bytes that follow it");
        }
        return Arrays.copyOfRange(body, 5, body.length);
    }

    static void write(OutputStream out, int flags, byte[] payload) throws IOException {
        byte[] prefix = ByteBuffer.allocate(5).put((byte) flags).putInt(payload.length).array();
        out.write(prefix);
        out.write(payload);
        out.flush();
    }
}
