package dev.sandboxemulator.emulator.envd;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** envd's filesystem service and /files endpoint over real HTTP, as the SDK's transport speaks them. */
@ExtendWith(NoEmulatorErrorsExtension.class)
class EnvdFilesystemTest {

    private SandboxEmulator emulator;
    private String sandboxId;
    private String token;
    private EnvdHttp envd;

    @BeforeEach
    void createSandbox() throws IOException {
        emulator = SandboxEmulator.builder().manualClock().start();
        JsonNode created = createSandbox("{\"templateID\":\"base\",\"secure\":true}");
        sandboxId = created.get("sandboxID").asText();
        token = created.get("envdAccessToken").asText();
        envd = new EnvdHttp(emulator.sandboxUrl(), sandboxId, token);
    }

    @AfterEach
    void close() {
        emulator.close();
    }

    private void controlPlane(String method, String path) {
        EnvdHttp api = new EnvdHttp(emulator.apiUrl(), null, null).header("X-API-KEY", "k");
        int status = method.equals("DELETE")
                ? api.delete(path).statusCode()
                : api.post(path, "application/json", new byte[0], Map.of()).statusCode();
        assertThat(status).isEqualTo(204);
    }

    private JsonNode createSandbox(String body) throws IOException {
        HttpResponse<byte[]> response = new EnvdHttp(emulator.apiUrl(), null, null).header("X-API-KEY", "k")
                .post("/sandboxes", "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
        return EnvdHttp.JSON.readTree(response.body());
    }

    @Test
    void makeDirCreatesParentsAndAnswersTheEntryWithProtobufJsonConventions() {
        EnvdHttp.Reply reply = envd.unary("filesystem.Filesystem/MakeDir", "{\"path\":\"projects/demo\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode entry = reply.json().get("entry");
        assertThat(entry.get("path").asText()).isEqualTo("/home/user/projects/demo");
        assertThat(entry.get("name").asText()).isEqualTo("demo");
        assertThat(entry.get("type").asText()).isEqualTo("FILE_TYPE_DIRECTORY");
        assertThat(entry.get("owner").asText()).isEqualTo("user");
        assertThat(entry.get("permissions").asText()).isEqualTo("drwxr-xr-x");
        assertThat(entry.get("modifiedTime").asText()).endsWith("Z");
        assertThat(entry.has("size")).as("a default value is left out").isFalse();
    }

    @Test
    void makeDirOnAnExistingDirectoryIsAlreadyExists() {
        envd.unary("filesystem.Filesystem/MakeDir", "{\"path\":\"/tmp/x\"}");

        EnvdHttp.Reply again = envd.unary("filesystem.Filesystem/MakeDir", "{\"path\":\"/tmp/x\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("already_exists");
    }

    @Test
    void statOfAMissingPathIsNotFoundWithTheConnectErrorBody() {
        EnvdHttp.Reply reply = envd.unary("filesystem.Filesystem/Stat", "{\"path\":\"/nope\"}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().get("code").asText()).isEqualTo("not_found");
        assertThat(reply.json().get("message").asText()).contains("/nope");
    }

    @Test
    void sizesAreInt64StringsAndListDirHonoursDepth() {
        emulator.fileSystem(sandboxId).write("/home/user/a/b/c.txt", "hello".getBytes(StandardCharsets.UTF_8));

        JsonNode shallow = envd.unary("filesystem.Filesystem/ListDir", "{\"path\":\"a\"}").json();
        JsonNode deep = envd.unary("filesystem.Filesystem/ListDir", "{\"path\":\"a\",\"depth\":2}").json();

        assertThat(names(shallow)).containsExactly("/home/user/a/b");
        assertThat(names(deep)).containsExactly("/home/user/a/b", "/home/user/a/b/c.txt");
        assertThat(deep.get("entries").get(1).get("size").asText()).isEqualTo("5");
        assertThat(deep.get("entries").get(1).get("size").isTextual()).isTrue();
    }

    @Test
    void listingAFileIsInvalidArgumentAndAMissingDirectoryNotFound() {
        emulator.fileSystem(sandboxId).write("/home/user/f", new byte[1]);

        assertThat(envd.unary("filesystem.Filesystem/ListDir", "{\"path\":\"f\"}").json().get("code").asText())
                .isEqualTo("invalid_argument");
        assertThat(envd.unary("filesystem.Filesystem/ListDir", "{\"path\":\"missing\"}").json().get("code").asText())
                .isEqualTo("not_found");
    }

    @Test
    void moveCreatesTheDestinationsParentsAndRemoveIsRmRf() {
        emulator.fileSystem(sandboxId).write("/home/user/src.txt", "x".getBytes(StandardCharsets.UTF_8));

        JsonNode moved = envd.unary("filesystem.Filesystem/Move", "{\"source\":\"src.txt\",\"destination\":\"/tmp/deep/dst.txt\"}").json();
        EnvdHttp.Reply removed = envd.unary("filesystem.Filesystem/Remove", "{\"path\":\"/tmp/deep\"}");
        EnvdHttp.Reply removedAgain = envd.unary("filesystem.Filesystem/Remove", "{\"path\":\"/tmp/deep\"}");

        assertThat(moved.get("entry").get("path").asText()).isEqualTo("/tmp/deep/dst.txt");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removedAgain.status()).as("removing nothing succeeds, like rm -rf").isEqualTo(200);
        assertThat(emulator.fileSystem(sandboxId).stat("/tmp/deep")).isEmpty();
    }

    @Test
    void rootResolvesRelativePathsFromItsOwnHomeAndOwnsWhatItMakes() {
        JsonNode entry = envd.asUser("root").unary("filesystem.Filesystem/MakeDir", "{\"path\":\"cache\"}").json().get("entry");

        assertThat(entry.get("path").asText()).isEqualTo("/root/cache");
        assertThat(entry.get("owner").asText()).isEqualTo("root");
    }

    @Test
    void anOversizedRpcBodyIsRefusedAsResourceExhausted() {
        String huge = "{\"path\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";

        EnvdHttp.Reply reply = envd.unary("filesystem.Filesystem/Stat", huge);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().get("code").asText()).isEqualTo("resource_exhausted");
    }

    @Test
    void readingADirectoryAsAFileIsABadRequest() {
        HttpResponse<byte[]> response = envd.get("/files?path=/home/user", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).get("message").asText()).contains("is a directory");
    }

    @Test
    void malformedRequestsAreInvalidArgument() {
        assertThat(envd.unary("filesystem.Filesystem/Stat", "{nope").json().get("code").asText()).isEqualTo("invalid_argument");
        assertThat(envd.unary("filesystem.Filesystem/ListDir", "{\"path\":\"/\",\"depth\":\"deep\"}").status()).isEqualTo(400);
        assertThat(envd.unary("filesystem.Filesystem/Nothing", "{}").json().get("code").asText()).isEqualTo("unimplemented");
    }

    @Nested
    class Access {

        @Test
        void aSecureSandboxRefusesRequestsWithoutItsToken() {
            EnvdHttp.Reply reply = envd.header("X-Access-Token", null).unary("filesystem.Filesystem/Stat", "{\"path\":\"/\"}");
            EnvdHttp.Reply wrong = envd.header("X-Access-Token", "wrong").unary("filesystem.Filesystem/Stat", "{\"path\":\"/\"}");

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json().get("code").asText()).isEqualTo("unauthenticated");
            assertThat(wrong.status()).isEqualTo(401);
        }

        @Test
        void anInsecureSandboxNeedsNoToken() throws IOException {
            String open = createSandbox("{\"templateID\":\"base\",\"secure\":false}").get("sandboxID").asText();

            assertThat(new EnvdHttp(emulator.sandboxUrl(), open, null).unary("filesystem.Filesystem/Stat", "{\"path\":\"/tmp\"}")
                    .status()).isEqualTo(200);
        }

        @Test
        void theE2bHeaderRoutesToo() {
            EnvdHttp e2b = envd.header("Novita-Sandbox-Id", null).header("E2b-Sandbox-Id", sandboxId);

            assertThat(e2b.unary("filesystem.Filesystem/Stat", "{\"path\":\"/tmp\"}").status()).isEqualTo(200);
        }

        @Test
        void aRequestWithoutASandboxHeaderIsInvalidArgument() {
            assertThat(envd.header("Novita-Sandbox-Id", null).unary("filesystem.Filesystem/Stat", "{\"path\":\"/\"}").status())
                    .isEqualTo(400);
        }

        @Test
        void anUnknownUserIsRefused() {
            assertThat(envd.asUser("mallory").unary("filesystem.Filesystem/Stat", "{\"path\":\"/\"}").status()).isEqualTo(401);
        }

        @Test
        void aPausedSandboxAnswers502UnavailableAndItsHealthIs502() {
            controlPlane("POST", "/sandboxes/" + sandboxId + "/pause");

            EnvdHttp.Reply paused = envd.unary("filesystem.Filesystem/Stat", "{\"path\":\"/\"}");

            assertThat(paused.status()).isEqualTo(502);
            assertThat(paused.json().get("code").asText()).isEqualTo("unavailable");
            assertThat(paused.json().get("message").asText()).contains("paused");
            assertThat(envd.get("/health", Map.of()).statusCode()).isEqualTo(502);
        }

        @Test
        void aKilledSandboxAnswers502UnavailableEverywhere() {
            controlPlane("DELETE", "/sandboxes/" + sandboxId);

            EnvdHttp.Reply rpc = envd.unary("filesystem.Filesystem/Stat", "{\"path\":\"/\"}");
            HttpResponse<byte[]> download = envd.get("/files?path=/tmp", Map.of());

            assertThat(rpc.status()).isEqualTo(502);
            assertThat(rpc.json().get("code").asText()).isEqualTo("unavailable");
            assertThat(download.statusCode()).isEqualTo(502);
            assertThat(json(download.body()).get("code").asInt()).isEqualTo(502);
            assertThat(envd.get("/health", Map.of()).statusCode()).isEqualTo(502);
        }

        @Test
        void aPausedSandboxWithAutoResumeWakesOnUse() throws IOException {
            JsonNode created = createSandbox("{\"templateID\":\"base\",\"secure\":false,\"autoPause\":true,\"autoResume\":{\"enabled\":true},\"timeout\":60}");
            String id = created.get("sandboxID").asText();
            emulator.manualClock().advance(Duration.ofSeconds(60));

            EnvdHttp.Reply reply = new EnvdHttp(emulator.sandboxUrl(), id, null).unary("filesystem.Filesystem/Stat", "{\"path\":\"/tmp\"}");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(emulator.runningCount()).isEqualTo(2);
        }

        @Test
        void healthIs204ForARunningSandbox() {
            assertThat(envd.header("X-Access-Token", null).get("/health", Map.of()).statusCode()).isEqualTo(204);
        }
    }

    @Nested
    class FilesEndpoint {

        @Test
        void aMultipartUploadWritesTheFileAndAnswersItsEntry() {
            byte[] body = EnvdHttp.multipart("----formdata-undici-071280309791", Map.of("a.txt", "hello".getBytes(StandardCharsets.UTF_8)));

            HttpResponse<byte[]> response = envd.post("/files?path=a.txt", "multipart/form-data; boundary=----formdata-undici-071280309791",
                    body, Map.of());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode written = json(response.body());
            assertThat(written).hasSize(1);
            assertThat(written.get(0).get("path").asText()).isEqualTo("/home/user/a.txt");
            assertThat(written.get(0).get("name").asText()).isEqualTo("a.txt");
            assertThat(written.get(0).get("type").asText()).isEqualTo("file");
            assertThat(new String(emulator.fileSystem(sandboxId).read("/home/user/a.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
        }

        @Test
        void aMultipartUploadOfSeveralFilesWritesEachAtItsFilename() {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("/tmp/one.txt", "1".getBytes(StandardCharsets.UTF_8));
            files.put("nested/two.bin", new byte[] {0, 1, 2, (byte) 0xff, '\r', '\n'});

            HttpResponse<byte[]> response = envd.post("/files", "multipart/form-data; boundary=XyZ", EnvdHttp.multipart("XyZ", files), Map.of());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response.body())).hasSize(2);
            assertThat(emulator.fileSystem(sandboxId).read("/home/user/nested/two.bin")).containsExactly(0, 1, 2, 0xff, '\r', '\n');
        }

        @Test
        void anOctetStreamUploadMayBeGzipped() throws IOException {
            java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(compressed)) {
                gzip.write("zipped".getBytes(StandardCharsets.UTF_8));
            }

            HttpResponse<byte[]> response = envd.post("/files?path=/tmp/z.txt", "application/octet-stream", compressed.toByteArray(),
                    Map.of("Content-Encoding", "gzip"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new String(emulator.fileSystem(sandboxId).read("/tmp/z.txt"), StandardCharsets.UTF_8)).isEqualTo("zipped");
        }

        @Test
        void aDownloadCarriesContentLengthAndGzipWhenAsked() throws IOException {
            emulator.fileSystem(sandboxId).write("/home/user/r.txt", "read me".getBytes(StandardCharsets.UTF_8));
            emulator.fileSystem(sandboxId).write("/home/user/empty.txt", new byte[0]);

            HttpResponse<byte[]> plain = envd.get("/files?path=r.txt", Map.of());
            HttpResponse<byte[]> empty = envd.get("/files?path=empty.txt", Map.of());
            HttpResponse<byte[]> gzipped = envd.get("/files?path=r.txt", Map.of("Accept-Encoding", "gzip"));

            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.headers().firstValue("Content-Length")).contains("7");
            assertThat(plain.headers().firstValue("Content-Type")).contains("application/octet-stream");
            assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo("read me");
            assertThat(empty.headers().firstValue("Content-Length")).contains("0");
            assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("read me");
            }
        }

        @Test
        void downloadErrorsAreJsonWithTheirStatus() {
            HttpResponse<byte[]> missing = envd.get("/files?path=nope.txt", Map.of());
            HttpResponse<byte[]> directory = envd.get("/files?path=/tmp", Map.of());

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(json(missing.body()).get("code").asInt()).isEqualTo(404);
            assertThat(json(missing.body()).get("message").asText()).contains("does not exist");
            assertThat(directory.statusCode()).isEqualTo(400);
        }

        @Test
        void uploadErrorsAreJsonWithTheirStatus() {
            HttpResponse<byte[]> intoDirectory = envd.post("/files?path=/tmp", "application/octet-stream", new byte[1], Map.of());
            HttpResponse<byte[]> wrongType = envd.post("/files?path=x", "text/plain", new byte[1], Map.of());
            HttpResponse<byte[]> noBoundary = envd.post("/files?path=x", "multipart/form-data", new byte[1], Map.of());

            assertThat(intoDirectory.statusCode()).isEqualTo(400);
            assertThat(wrongType.statusCode()).isEqualTo(400);
            assertThat(noBoundary.statusCode()).isEqualTo(400);
        }

        @Test
        void aSignedUrlWorksWithoutAnySandboxHeaderOrToken() throws Exception {
            emulator.fileSystem(sandboxId).write("/home/user/signed.txt", "signed".getBytes(StandardCharsets.UTF_8));
            createSandbox("{\"templateID\":\"base\"}"); // a second sandbox, so routing must use the signature
            String signature = sign("signed.txt", "read", "", token, null);
            EnvdHttp bare = new EnvdHttp(emulator.sandboxUrl(), null, null);

            HttpResponse<byte[]> response = bare.get("/files?path=signed.txt&signature=" + signature, Map.of());
            HttpResponse<byte[]> forged = bare.get("/files?path=signed.txt&signature=" + sign("signed.txt", "read", "", "guess", null),
                    Map.of("Novita-Sandbox-Id", sandboxId));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("signed");
            assertThat(forged.statusCode()).isEqualTo(401);
        }

        @Test
        void anExpiredSignatureIsRefused() throws Exception {
            long past = emulator.clock().instant().getEpochSecond() - 1;
            String signature = sign("/tmp/f", "write", "", token, past);

            HttpResponse<byte[]> response = new EnvdHttp(emulator.sandboxUrl(), sandboxId, null)
                    .post("/files?path=/tmp/f&signature=" + signature + "&signature_expiration=" + past,
                            "application/octet-stream", new byte[1], Map.of());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response.body()).get("message").asText()).contains("expired");
        }
    }

    @Nested
    class WatchDir {

        @Test
        void aWatchStartsWithAStartEventThenReportsChangesAndEndsAtItsDeadline() {
            envd.unary("filesystem.Filesystem/MakeDir", "{\"path\":\"watched\"}");
            try (EnvdHttp.Stream stream = envd.stream("filesystem.Filesystem/WatchDir", "{\"path\":\"watched\"}", 60_000)) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.contentType()).isEqualTo("application/connect+json");
                assertThat(stream.next().message().has("start")).isTrue();

                emulator.fileSystem(sandboxId).write("/home/user/watched/new.txt", new byte[1]);
                emulator.fileSystem(sandboxId).write("/home/user/watched/new.txt", new byte[2]);
                emulator.fileSystem(sandboxId).remove("/home/user/watched/new.txt");
                List<EnvdHttp.Envelope> events = stream.until(e -> e.message().path("filesystem").path("type").asText().equals("EVENT_TYPE_REMOVE"));
                emulator.manualClock().advance(Duration.ofSeconds(60));
                EnvdHttp.Envelope end = stream.all().get(0);

                assertThat(events).extracting(e -> e.message().get("filesystem").get("name").asText() + " "
                        + e.message().get("filesystem").get("type").asText())
                        .containsExactly("new.txt EVENT_TYPE_CREATE", "new.txt EVENT_TYPE_WRITE", "new.txt EVENT_TYPE_REMOVE");
                assertThat(end.isEndStream()).isTrue();
                assertThat(end.message().get("error").get("code").asText()).isEqualTo("deadline_exceeded");
            }
        }

        @Test
        void watchingAMissingDirectoryEndsTheStreamWithNotFound() {
            try (EnvdHttp.Stream stream = envd.stream("filesystem.Filesystem/WatchDir", "{\"path\":\"/missing\"}", 0)) {
                EnvdHttp.Envelope end = stream.next();

                assertThat(stream.status()).isEqualTo(200);
                assertThat(end.isEndStream()).isTrue();
                assertThat(end.message().get("error").get("code").asText()).isEqualTo("not_found");
            }
        }
    }

    private static List<String> names(JsonNode listDir) {
        List<String> out = new java.util.ArrayList<>();
        listDir.get("entries").forEach(e -> out.add(e.get("path").asText()));
        return out.stream().collect(Collectors.toList());
    }

    private static JsonNode json(byte[] body) {
        try {
            return EnvdHttp.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(new String(body, StandardCharsets.UTF_8), e);
        }
    }

    /** A signature as the SDK builds it, percent-encoded for a query string. */
    private static String sign(String path, String operation, String user, String token, Long expiration) throws Exception {
        String payload = path + ":" + operation + ":" + user + ":" + token + (expiration == null ? "" : ":" + expiration);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8));
        return "v1_" + Base64.getEncoder().withoutPadding().encodeToString(digest).replace("+", "%2B").replace("/", "%2F");
    }
}
