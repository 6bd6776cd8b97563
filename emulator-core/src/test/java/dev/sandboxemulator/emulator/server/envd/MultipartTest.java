package dev.sandboxemulator.emulator.server.envd;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartTest {

    @Test
    void readsTheBodyTheSdkSends() {
        // Captured from novita-sandbox 2.1.1 (docs/wire-api.md, "/files").
        String body = "------formdata-undici-071280309791\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "hello\r\n"
                + "------formdata-undici-071280309791--\r\n";

        List<Multipart.Part> parts = Multipart.parse("multipart/form-data; boundary=----formdata-undici-071280309791",
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(parts).singleElement().satisfies(part -> {
            assertThat(part.name()).isEqualTo("file");
            assertThat(part.filename()).contains("a.txt");
            assertThat(new String(part.content(), StandardCharsets.UTF_8)).isEqualTo("hello");
        });
    }

    @Test
    void keepsBinaryContentThatLooksLikeLineBreaksAndAQuotedBoundary() {
        byte[] head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = {'\r', '\n', 0, '-', '-', 'b'};
        byte[] tail = "\r\n--b--".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);

        // "--b" inside the content is a delimiter by the RFC's rules only after CRLF; this body has it after NUL.
        List<Multipart.Part> parts = Multipart.parse("multipart/form-data; boundary=\"b\"", body);

        assertThat(parts.get(0).content()).startsWith('\r', '\n', 0);
    }

    @Test
    void refusesABodyWithoutItsBoundary() {
        assertThatThrownBy(() -> Multipart.parse("multipart/form-data; boundary=zz", "nothing".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multipart.parse("multipart/form-data", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
