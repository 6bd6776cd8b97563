package dev.sandboxemulator.emulator.envd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.emulator.EmulatorErrorLog;
import dev.sandboxemulator.emulator.SandboxEmulator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated requests to a sandbox's data plane, over real HTTP: whatever the path, Connect message,
 * envelope, multipart body or query string, an RPC answers a result or a Connect error whose code
 * is the client's (never {@code internal}, never a control-plane body), {@code /files} answers a
 * success or a 4xx {@code {"code","message"}} body, and what is uploaded to a valid path is what is
 * downloaded. Seeds are fixed so that a failure repeats; change them to explore.
 */
class EnvdInputPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Codes that mean the emulator, not the request, failed; a running sandbox never answers them. */
    private static final Set<String> SERVER_CODES = Set.of("internal", "unknown", "data_loss", "unavailable");
    private static final List<String> UNARY = List.of("filesystem.Filesystem/Stat", "filesystem.Filesystem/MakeDir",
            "filesystem.Filesystem/Move", "filesystem.Filesystem/ListDir", "filesystem.Filesystem/Remove",
            "process.Process/List", "process.Process/SendInput", "process.Process/SendSignal", "process.Process/CloseStdin",
            "process.Process/Update");
    private static final List<String> FIELDS = List.of("path", "depth", "source", "destination", "process", "pid", "tag",
            "signal", "input", "stdin", "pty", "size", "cmd", "args", "cwd", "envs", "recursive", "username");

    private static SandboxEmulator emulator;
    private static EnvdHttp envd;
    private static EmulatorErrorLog errors;
    private static final AtomicInteger TRY = new AtomicInteger();

    @BeforeContainer
    static void start() {
        errors = EmulatorErrorLog.start();
        // The system clock, so that the streams' deadlines pass (a manual clock would hold them open).
        emulator = SandboxEmulator.builder().start();
        envd = EnvdHttp.forNewSandbox(HttpClient.newHttpClient(), emulator);
    }

    @AfterContainer
    static void stop() {
        emulator.close();
        errors.stop();
    }

    @AfterProperty
    void theEmulatorLoggedNoError() {
        List<String> logged = errors.stop();
        errors = EmulatorErrorLog.start();
        assertThat(logged).as("errors the emulator logged").isEmpty();
    }

    @Property(tries = 400, seed = "20261205")
    void anyUnaryMessageIsAnsweredWithAResultOrAClientsConnectError(
            @ForAll("unaryProcedures") String procedure, @ForAll("messages") String message) {
        EnvdHttp.Reply reply = envd.unary(procedure, message);

        if (reply.status() == 200) {
            assertThat(reply.json().isObject()).as("%s -> %s", procedure, reply).isTrue();
        } else {
            assertClientsConnectError(reply.status(), reply.json(), procedure + " " + message);
        }
    }

    @Property(tries = 150, seed = "20261206")
    void anyStreamRequestIsAnsweredWithAStreamOrAClientsConnectError(
            @ForAll("streamProcedures") String procedure, @ForAll("envelopes") byte[] envelope) {
        HttpResponse<byte[]> response = envd.header("Connect-Timeout-Ms", "500")
                .post("/" + procedure, "application/connect+json", envelope, Map.of("Connect-Protocol-Version", "1"));

        String what = procedure + " " + new String(envelope, StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            assertClientsConnectError(response.statusCode(), json(response.body()), what);
            return;
        }
        JsonNode end = lastEnvelope(response.body(), what);
        if ((envelope[0] & 0x01) != 0) {
            // A compressed message with no Connect-Content-Encoding is a protocol error that Connect
            // (like gRPC) answers with internal, whoever is at fault.
            assertThat(end.get("error").get("code").asText()).as("end of %s", what).isEqualTo("internal");
            return;
        }
        if (end.has("error")) {
            assertThat(end.get("error").get("code").asText()).as("end of %s: %s", what, end).isNotIn(SERVER_CODES);
            assertThat(end.get("error").get("message").asText()).as("end of %s", what).isNotBlank();
        }
    }

    @Property(tries = 300, seed = "20261207")
    void anyPathIsServedOrRefusedWithAClientError(@ForAll("paths") String path, @ForAll("fileOperations") String operation) {
        String query = "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = operation.equals("download")
                ? envd.get("/files" + query, Map.of())
                : envd.post("/files" + query, "multipart/form-data; boundary=b",
                        EnvdHttp.multipart("b", Map.of("f", "x".getBytes(StandardCharsets.UTF_8))), Map.of());

        assertFilesAnswer(response, operation + " " + path);
    }

    @Property(tries = 200, seed = "20261208")
    void whatIsUploadedToAValidPathIsDownloadedUnchanged(@ForAll("validRelativePaths") String relative,
                                                         @ForAll("contents") byte[] content) {
        String path = "/home/user/try-" + TRY.incrementAndGet() + "/" + relative;
        String query = "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);

        HttpResponse<byte[]> upload = envd.post("/files" + query, "multipart/form-data; boundary=----undici",
                EnvdHttp.multipart("----undici", Map.of("file", content)), Map.of());
        assertThat(upload.statusCode()).as("upload of %s: %s", path, new String(upload.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        HttpResponse<byte[]> download = envd.get("/files" + query, Map.of());

        assertThat(download.statusCode()).as("download of %s", path).isEqualTo(200);
        assertThat(download.body()).as("content of %s", path).isEqualTo(content);
    }

    @Property(tries = 200, seed = "20261209")
    void anyMultipartBodyIsStoredOrRefusedWithAClientError(@ForAll("contentTypes") String contentType,
                                                         @ForAll("multipartBodies") byte[] body) {
        HttpResponse<byte[]> response = envd.post("/files?path=/tmp/upload", contentType, body, Map.of());

        assertFilesAnswer(response, contentType + " " + new String(body, StandardCharsets.UTF_8));
    }

    @Property(tries = 200, seed = "20261210")
    void anyQueryStringOnFilesIsServedOrRefusedWithAClientError(@ForAll("fileQueries") String query) {
        HttpResponse<byte[]> response = envd.get("/files?" + query, Map.of());

        assertFilesAnswer(response, query);
    }

    private static void assertClientsConnectError(int status, JsonNode body, String what) {
        assertThat(status).as("status of %s: %s", what, body).isBetween(400, 501);
        assertThat(body.get("code").isTextual()).as("a Connect error body for %s: %s", what, body).isTrue();
        assertThat(body.get("code").asText()).as("code for %s", what).isNotIn(SERVER_CODES);
        assertThat(body.get("message").asText()).as("message for %s", what).isNotBlank();
    }

    private static void assertFilesAnswer(HttpResponse<byte[]> response, String what) {
        assertThat(response.statusCode()).as("status of %s: %s", what, new String(response.body(), StandardCharsets.UTF_8))
                .isBetween(200, 499);
        if (response.statusCode() >= 400) {
            JsonNode body = json(response.body());
            assertThat(body.get("code").asInt()).as("code of %s: %s", what, body).isEqualTo(response.statusCode());
            assertThat(body.get("message").asText()).as("message of %s", what).isNotBlank();
        }
    }

    /** The end-stream message of a complete Connect stream body, checking every envelope's framing on the way. */
    private static JsonNode lastEnvelope(byte[] stream, String what) {
        ByteBuffer in = ByteBuffer.wrap(stream);
        while (true) {
            assertThat(in.remaining()).as("an envelope header in the answer to %s", what).isGreaterThanOrEqualTo(5);
            int flags = in.get() & 0xff;
            int length = in.getInt();
            assertThat(in.remaining()).as("an envelope body in the answer to %s", what).isGreaterThanOrEqualTo(length);
            byte[] payload = new byte[length];
            in.get(payload);
            if ((flags & 0x02) != 0) {
                assertThat(in.remaining()).as("nothing after the end of %s", what).isZero();
                return json(payload);
            }
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return EnvdHttp.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    @Provide
    Arbitrary<String> unaryProcedures() {
        return Arbitraries.of(UNARY);
    }

    @Provide
    Arbitrary<String> streamProcedures() {
        return Arbitraries.of("process.Process/Start", "process.Process/Connect", "filesystem.Filesystem/WatchDir");
    }

    @Provide
    Arbitrary<String> fileOperations() {
        return Arbitraries.of("download", "upload");
    }

    /** Absolute and relative paths with the elements that trouble path handling. */
    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> element = Arbitraries.oneOf(
                Arbitraries.of(".", "..", "", "~", "%2e", "a b", "\u0000", "ü", "😀", "x".repeat(256), "-", "*", "?"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8));
        return Combinators.combine(Arbitraries.of("/", "", "/home/user/", "/tmp/"), element.list().ofMaxSize(8))
                .as((root, elements) -> root + String.join("/", elements));
    }

    /** Paths whose every element is an ordinary file name, at most a few levels deep. */
    @Provide
    Arbitrary<String> validRelativePaths() {
        Arbitrary<String> name = Arbitraries.strings().alpha().numeric().withChars("._-ü€ 日本")
                .ofMinLength(1).ofMaxLength(20).filter(n -> !n.equals(".") && !n.equals(".."));
        return name.list().ofMinSize(1).ofMaxSize(5).map(elements -> String.join("/", elements));
    }

    @Provide
    Arbitrary<byte[]> contents() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2048),
                Arbitraries.of("", "\r\n", "--b\r\n", "------undici--\r\n", "\u0000").map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(0, 200_000).map(size -> new byte[size]));
    }

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<JsonNode> value = Arbitraries.oneOf(
                paths().map(NODES::textNode),
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.of("1", "-1", "99999999999999999999", "SIGNAL_SIGKILL", "SIGNAL_SIGTERM", "", "aGk=", "!!")
                        .map(NODES::textNode),
                Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode()),
                Arbitraries.of("pid", "tag").map(selector -> (JsonNode) NODES.objectNode().put(selector, "1")),
                Arbitraries.of(NODES.objectNode().set("selector", NODES.objectNode().put("pid", 1)),
                        NODES.objectNode().set("selector", NODES.objectNode().put("tag", "x")),
                        NODES.objectNode().set("input", NODES.objectNode().put("stdin", "aGk="))));
        Arbitrary<ObjectNode> object = Combinators.combine(Arbitraries.of(FIELDS), value)
                .as((field, v) -> Tuple.of(field, v)).list().ofMaxSize(4).map(fields -> {
                    ObjectNode node = NODES.objectNode();
                    fields.forEach(entry -> node.set(entry.get1(), entry.get2()));
                    return node;
                });
        return Arbitraries.frequencyOf(
                Tuple.of(8, object.map(JsonNode::toString)),
                Tuple.of(1, Arbitraries.of("", "{", "[]", "null", "\"x\"", "{\"path\":", "{\"depth\":1e999}")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
    }

    /** Connect envelopes, well-formed or not, carrying process starts, reconnects and watches. */
    @Provide
    Arbitrary<byte[]> envelopes() {
        Arbitrary<String> start = Combinators.combine(
                Arbitraries.of("/bin/bash", "echo", "ls", "cat", "true", "nonexistent", ""),
                Arbitraries.oneOf(Arbitraries.just(List.<String>of()),
                        Arbitraries.strings().ofMaxLength(16).list().ofMaxSize(3),
                        Arbitraries.strings().withChars("echo $(){}[]'\"|&;<>*?~ab12\\\n").ofMaxLength(30)
                                .map(script -> List.of("-c", script))),
                paths()).as((cmd, args, cwd) -> {
                    ObjectNode process = NODES.objectNode().put("cmd", cmd).put("cwd", cwd);
                    args.forEach(process.putArray("args")::add);
                    return NODES.objectNode().set("process", process).toString();
                });
        Arbitrary<String> message = Arbitraries.oneOf(start, messages(),
                paths().map(path -> NODES.objectNode().put("path", path).put("recursive", true).toString()));
        return Combinators.combine(Arbitraries.of(0, 0, 0, 1, 2, 3, 255), message, Arbitraries.of(0, 0, 0, 1, -1, 100, -100_000))
                .as((flags, json, lengthError) -> {
                    byte[] payload = json.getBytes(StandardCharsets.UTF_8);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(flags);
                    out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length + lengthError).array());
                    out.writeBytes(payload);
                    return out.toByteArray();
                });
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("multipart/form-data; boundary=b", "multipart/form-data; boundary=\"b\"", "multipart/form-data",
                "multipart/form-data; boundary=", "multipart/form-data; boundary=" + "b".repeat(80), "application/octet-stream",
                "text/plain", "multipart/mixed; boundary=b");
    }

    /** Multipart bodies for boundary {@code b}: several parts, odd headers, truncation, junk. */
    @Provide
    Arbitrary<byte[]> multipartBodies() {
        Arbitrary<String> disposition = Arbitraries.of("Content-Disposition: form-data; name=\"file\"; filename=\"f\"",
                "Content-Disposition: form-data; name=\"file\"", "Content-Disposition: form-data; filename=\"../../etc/x\"",
                "Content-Disposition: attachment", "", "Content-Type: text/plain", "Content-Disposition: form-data; filename*=UTF-8''%C3%BC");
        Arbitrary<String> part = Combinators.combine(disposition, Arbitraries.strings().ofMaxLength(40))
                .as((header, content) -> "--b\r\n" + header + "\r\n\r\n" + content + "\r\n");
        Arbitrary<String> body = Combinators.combine(part.list().ofMaxSize(3), Arbitraries.of("--b--\r\n", "--b--", "", "--b\r\n", "junk"))
                .as((parts, end) -> String.join("", parts) + end);
        return Arbitraries.oneOf(
                body.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                body.flatMap(s -> Arbitraries.integers().between(0, s.length()).map(cut -> s.substring(0, cut).getBytes(StandardCharsets.UTF_8))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100));
    }

    @Provide
    Arbitrary<String> fileQueries() {
        Arbitrary<String> key = Arbitraries.of("path", "username", "signature", "signature_expiration", "x");
        Arbitrary<String> value = Arbitraries.oneOf(paths(), Arbitraries.of("user", "root", "nobody", "", "v1_x", "-1",
                "99999999999999999999", "abc"));
        return Combinators.combine(key, value).as((k, v) -> k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
                .list().ofMaxSize(4).map(pairs -> String.join("&", pairs));
    }
}
