package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.Part;
import dev.sandboxemulator.client.RecordingServer.RecordedRequest;
import dev.sandboxemulator.client.RecordingServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class FilesystemTest {
    private static final String ENTRY =
            "{\"name\":\"a.txt\",\"type\":\"FILE_TYPE_FILE\",\"path\":\"/home/user/a.txt\",\"size\":\"10\",\"mode\":420,"
                    + "\"permissions\":\"-rw-r--r--\",\"owner\":\"user\",\"group\":\"user\","
                    + "\"modifiedTime\":\"2026-01-02T03:04:05.500Z\"}";

    private RecordingServer server;
    private SandboxClient client;
    private Sandbox sandbox;

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingServer();
        client = SandboxClient.builder().apiUrl(server.url()).sandboxUrl(server.url() + "/").build();
        sandbox = new Sandbox(client, "isbx", "0.5.7", "tok-1", null, client.domain());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // /files

    @Test
    void readTextGetsFilesWithTheEncodedPathAndTheSandboxHeaders() throws Exception {
        server.enqueue(Reply.bytes(200, "héllo".getBytes(StandardCharsets.UTF_8)));

        assertThat(sandbox.files().readText("/home/user/a b.txt")).isEqualTo("héllo");

        RecordedRequest read = server.takeRequest();
        assertThat(read.method()).isEqualTo("GET");
        assertThat(read.target()).isEqualTo("/files?path=%2Fhome%2Fuser%2Fa%20b.txt");
        assertThat(read.header("Novita-Sandbox-Id")).hasValue("isbx");
        assertThat(read.header("Novita-Sandbox-Port")).hasValue("49983");
        assertThat(read.header("X-Access-Token")).hasValue("tok-1");
        assertThat(read.header("Accept-Encoding")).isEmpty();
        assertThat(read.header("Connect-Protocol-Version")).isEmpty();
        assertThat(read.header("Authorization")).isEmpty();
    }

    @Test
    void readingAsAUserSendsTheUsernameQueryParameterNotBasicAuth() throws Exception {
        server.enqueue(Reply.bytes(200, new byte[] {1, 2, 3}));

        assertThat(sandbox.files().readBytes("a.bin", FileOptions.asUser("root"))).containsExactly(1, 2, 3);

        RecordedRequest read = server.takeRequest();
        assertThat(read.target()).isEqualTo("/files?path=a.bin&username=root");
        assertThat(read.header("Authorization")).isEmpty();
    }

    @Test
    void anEmptyFileWithContentLengthZeroReadsAsAnEmptyString() throws Exception {
        server.enqueue(Reply.bytes(200, new byte[0]));

        assertThat(sandbox.files().readText("empty.txt")).isEmpty();
    }

    @Test
    void gzipReadsAskForGzipAndDecompressTheBody() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("compressed text".getBytes(StandardCharsets.UTF_8));
        }
        server.enqueue(Reply.bytes(200, compressed.toByteArray()).withHeader("Content-Encoding", "gzip"));

        assertThat(sandbox.files().readText("a.txt", FileOptions.builder().gzip(true).build())).isEqualTo("compressed text");

        assertThat(server.takeRequest().header("Accept-Encoding")).hasValue("gzip");
    }

    @Test
    void readStreamReturnsTheBodyAsItArrives() throws Exception {
        server.enqueue(Reply.bytes(200, "streamed".getBytes(StandardCharsets.UTF_8)));

        try (InputStream in = sandbox.files().readStream("a.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("streamed");
        }
    }

    @Test
    void readingAMissingFileIsPathNotFoundException() {
        server.enqueue(Reply.json(404, "{\"code\":404,\"message\":\"path '/nope' does not exist\"}"));

        assertThatThrownBy(() -> sandbox.files().readText("/nope"))
                .isInstanceOf(PathNotFoundException.class)
                .isInstanceOf(NotFoundException.class)
                .hasMessage("path '/nope' does not exist")
                .satisfies(e -> assertThat(((SandboxException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void aSingleWriteIsOneMultipartPartNamedFileWithThePathAsFilename() throws Exception {
        server.enqueue(Reply.json(200, "[{\"path\":\"/home/user/a.txt\",\"name\":\"a.txt\",\"type\":\"file\"}]"));

        WriteInfo written = sandbox.files().write("a.txt", "hello");

        assertThat(written).isEqualTo(new WriteInfo("a.txt", Optional.of(FileType.FILE), "/home/user/a.txt"));
        RecordedRequest write = server.takeRequest();
        assertThat(write.method()).isEqualTo("POST");
        assertThat(write.target()).isEqualTo("/files?path=a.txt");
        String boundary = boundary(write);
        assertThat(write.bodyText())
                .isEqualTo(
                        "--" + boundary + "\r\n"
                                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                                + "Content-Type: application/octet-stream\r\n"
                                + "\r\n"
                                + "hello\r\n"
                                + "--" + boundary + "--\r\n");
        assertThat(write.header("X-Access-Token")).hasValue("tok-1");
    }

    @Test
    void aMultiWriteHasOnePartPerFileAndNoPathQuery() throws Exception {
        server.enqueue(
                Reply.json(
                        200,
                        "[{\"path\":\"/tmp/a\",\"name\":\"a\",\"type\":\"file\"},"
                                + "{\"path\":\"/tmp/d/b\",\"name\":\"b\",\"type\":\"file\"}]"));

        List<WriteInfo> written =
                sandbox.files()
                        .write(
                                List.of(WriteEntry.of("/tmp/a", "one"), new WriteEntry("/tmp/d/b", new byte[] {'2'})),
                                FileOptions.asUser("root"));

        assertThat(written).extracting(WriteInfo::path).containsExactly("/tmp/a", "/tmp/d/b");
        RecordedRequest write = server.takeRequest();
        assertThat(write.target()).isEqualTo("/files?username=root");
        String boundary = boundary(write);
        assertThat(write.bodyText())
                .isEqualTo(
                        "--" + boundary + "\r\n"
                                + "Content-Disposition: form-data; name=\"file\"; filename=\"/tmp/a\"\r\n"
                                + "Content-Type: application/octet-stream\r\n\r\n"
                                + "one\r\n"
                                + "--" + boundary + "\r\n"
                                + "Content-Disposition: form-data; name=\"file\"; filename=\"/tmp/d/b\"\r\n"
                                + "Content-Type: application/octet-stream\r\n\r\n"
                                + "2\r\n"
                                + "--" + boundary + "--\r\n");
    }

    @Test
    void writingNoFilesSendsNothing() {
        assertThat(sandbox.files().write(List.of())).isEmpty();
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void anEmptyWriteResponseIsAnError() {
        server.enqueue(Reply.json(200, "[]"));

        assertThatThrownBy(() -> sandbox.files().write("a.txt", "x"))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessageContaining("written file");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // filesystem.Filesystem

    @Test
    void listSendsPathAndDepthAndDropsEntriesThatAreNeitherFilesNorDirectories() throws Exception {
        server.enqueue(
                Reply.json(
                        200,
                        "{\"entries\":["
                                + ENTRY
                                + ",{\"name\":\"d\",\"type\":\"FILE_TYPE_DIRECTORY\",\"path\":\"/home/user/d\","
                                + "\"symlink_target\":\"/elsewhere\",\"modified_time\":\"2026-01-02T03:04:05Z\"},"
                                + "{\"name\":\"sock\",\"path\":\"/home/user/sock\"}]}"));

        List<EntryInfo> entries = sandbox.files().list("/home/user", 2);

        assertThat(entries)
                .containsExactly(
                        new EntryInfo(
                                "a.txt",
                                FileType.FILE,
                                "/home/user/a.txt",
                                10,
                                0644,
                                "-rw-r--r--",
                                "user",
                                "user",
                                Instant.parse("2026-01-02T03:04:05.500Z"),
                                Optional.empty()),
                        new EntryInfo(
                                "d",
                                FileType.DIRECTORY,
                                "/home/user/d",
                                0,
                                0,
                                "",
                                "",
                                "",
                                Instant.parse("2026-01-02T03:04:05Z"),
                                Optional.of("/elsewhere")));
        RecordedRequest list = server.takeRequest();
        assertThat(list.target()).isEqualTo("/filesystem.Filesystem/ListDir");
        assertThat(list.bodyText()).isEqualTo("{\"path\":\"/home/user\",\"depth\":2}");
        assertThat(list.header("Content-Type")).hasValue("application/json");
        assertThat(list.header("Connect-Protocol-Version")).hasValue("1");
    }

    @Test
    void listRejectsADepthBelowOneWithoutARequest() {
        assertThatThrownBy(() -> sandbox.files().list("/", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("depth < 1: 0");
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void makeDirIsTrueWhenCreatedAndFalseWhenItAlreadyExists() throws Exception {
        server.enqueue(Reply.json(200, "{\"entry\":" + ENTRY + "}"))
                .enqueue(Reply.json(409, "{\"code\":\"already_exists\",\"message\":\"directory exists\"}"));

        assertThat(sandbox.files().makeDir("/tmp/d")).isTrue();
        assertThat(sandbox.files().makeDir("/tmp/d")).isFalse();

        RecordedRequest makeDir = server.takeRequest();
        assertThat(makeDir.target()).isEqualTo("/filesystem.Filesystem/MakeDir");
        assertThat(makeDir.bodyText()).isEqualTo("{\"path\":\"/tmp/d\"}");
    }

    @Test
    void existsIsFalseOnNotFoundAndTrueOnAStat() throws Exception {
        server.enqueue(Reply.json(200, "{\"entry\":" + ENTRY + "}"))
                .enqueue(Reply.json(404, "{\"code\":\"not_found\",\"message\":\"no such file\"}"))
                .enqueue(Reply.json(403, "{\"code\":\"permission_denied\",\"message\":\"nope\"}"));

        assertThat(sandbox.files().exists("/home/user/a.txt")).isTrue();
        assertThat(sandbox.files().exists("/nope")).isFalse();
        assertThatThrownBy(() -> sandbox.files().exists("/root/x"))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessage("permission_denied: nope");

        RecordedRequest stat = server.takeRequest();
        assertThat(stat.target()).isEqualTo("/filesystem.Filesystem/Stat");
        assertThat(stat.bodyText()).isEqualTo("{\"path\":\"/home/user/a.txt\"}");
    }

    @Test
    void getInfoOfAMissingPathIsPathNotFoundException() {
        server.enqueue(Reply.json(404, "{\"code\":\"not_found\",\"message\":\"path '/nope' does not exist\"}"));

        assertThatThrownBy(() -> sandbox.files().getInfo("/nope"))
                .isInstanceOf(PathNotFoundException.class)
                .hasMessage("path '/nope' does not exist");
    }

    @Test
    void renameSendsMoveAndReturnsTheNewEntry() throws Exception {
        server.enqueue(Reply.json(200, "{\"entry\":" + ENTRY + "}"));

        assertThat(sandbox.files().rename("/tmp/old", "/home/user/a.txt").path()).isEqualTo("/home/user/a.txt");

        RecordedRequest move = server.takeRequest();
        assertThat(move.target()).isEqualTo("/filesystem.Filesystem/Move");
        assertThat(move.bodyText()).isEqualTo("{\"source\":\"/tmp/old\",\"destination\":\"/home/user/a.txt\"}");
    }

    @Test
    void removeSendsRemoveAsTheGivenUser() throws Exception {
        server.enqueue(Reply.json(200, "{}"));

        sandbox.files().remove("/tmp/x", FileOptions.asUser("root"));

        RecordedRequest remove = server.takeRequest();
        assertThat(remove.target()).isEqualTo("/filesystem.Filesystem/Remove");
        assertThat(remove.bodyText()).isEqualTo("{\"path\":\"/tmp/x\"}");
        assertThat(remove.header("Authorization")).hasValue("Basic cm9vdDo=");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // WatchDir

    @Test
    void watchDirDeliversEventsAsTheyArriveIgnoresKeepalivesAndStops() throws Exception {
        CountDownLatch firstEventSeen = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        CountDownLatch neverEnd = new CountDownLatch(1);
        List<FilesystemEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Optional<SandboxException>> exit = new CompletableFuture<>();
        server.enqueue(
                Connect.stream(
                        Part.of(Connect.message("{\"start\":{}}")),
                        Part.of(Connect.message("{\"keepalive\":{}}")),
                        Part.of(Connect.message("{\"filesystem\":{\"name\":\"a.txt\",\"type\":\"EVENT_TYPE_CREATE\"}}")),
                        Part.of(Connect.message("{\"filesystem\":{\"name\":\"a.txt\",\"type\":\"EVENT_TYPE_WRITE\"}}"))
                                .after(releaseSecond),
                        Part.of(Connect.endStreamOk()).after(neverEnd)));

        WatchHandle watch =
                sandbox.files()
                        .watchDir(
                                "/tmp",
                                event -> {
                                    events.add(event);
                                    firstEventSeen.countDown();
                                },
                                WatchOptions.builder().recursive(true).onExit(exit::complete).build());

        assertThat(firstEventSeen.await(5, TimeUnit.SECONDS)).isTrue();
        releaseSecond.countDown();
        waitUntil(() -> events.size() == 2);
        watch.stop();

        assertThat(exit.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(watch.isDone()).isTrue();
        assertThat(events)
                .containsExactly(
                        new FilesystemEvent("a.txt", FilesystemEvent.EventType.CREATE),
                        new FilesystemEvent("a.txt", FilesystemEvent.EventType.WRITE));
        RecordedRequest request = server.takeRequest();
        assertThat(request.target()).isEqualTo("/filesystem.Filesystem/WatchDir");
        assertThat(Connect.requestJson(request.body())).isEqualTo("{\"path\":\"/tmp\",\"recursive\":true}");
        assertThat(request.header("Content-Type")).hasValue("application/connect+json");
        assertThat(request.header("Connect-Timeout-Ms")).hasValue("60000");
        assertThat(request.header("Keepalive-Ping-Interval")).hasValue("50");
        neverEnd.countDown();
    }

    @Test
    void watchDirReportsATimeoutToOnExit() throws Exception {
        CompletableFuture<Optional<SandboxException>> exit = new CompletableFuture<>();
        server.enqueue(
                Connect.stream(
                        Connect.message("{\"start\":{}}"),
                        Connect.endStreamError("deadline_exceeded", "watch timed out")));

        sandbox.files().watchDir("/tmp", event -> {}, WatchOptions.builder().onExit(exit::complete).build());

        assertThat(exit.get(5, TimeUnit.SECONDS)).hasValueSatisfying(e -> assertThat(e).isInstanceOf(SandboxTimeoutException.class));
    }

    @Test
    void watchDirRejectsAFirstMessageOtherThanStart() {
        server.enqueue(
                Connect.stream(
                        Connect.message("{\"filesystem\":{\"name\":\"a\",\"type\":\"EVENT_TYPE_CREATE\"}}"),
                        Connect.endStreamOk()));

        assertThatThrownBy(() -> sandbox.files().watchDir("/tmp", event -> {}))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessage("Expected start event");
    }

    @Test
    void watchingAMissingDirectoryIsPathNotFoundException() {
        server.enqueue(Connect.stream(Connect.endStreamError("not_found", "path '/nope' does not exist")));

        assertThatThrownBy(() -> sandbox.files().watchDir("/nope", event -> {}))
                .isInstanceOf(PathNotFoundException.class)
                .hasMessage("path '/nope' does not exist");
    }

    @Test
    void recursiveWatchOnAnEnvdOlderThan014FailsWithoutARequest() {
        Sandbox old = new Sandbox(client, "iold", "0.1.3", null, null, client.domain());

        assertThatThrownBy(() -> old.files().watchDir("/", event -> {}, WatchOptions.builder().recursive(true).build()))
                .isInstanceOf(TemplateException.class);
        assertThat(server.pendingRequests()).isZero();
    }

    private static String boundary(RecordedRequest request) {
        String contentType = request.header("Content-Type").orElseThrow();
        assertThat(contentType).startsWith("multipart/form-data; boundary=");
        return contentType.substring("multipart/form-data; boundary=".length());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 seconds");
            }
            Thread.sleep(10);
        }
    }
}
