package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.Part;
import dev.sandboxemulator.client.RecordingServer.RecordedRequest;
import dev.sandboxemulator.client.RecordingServer.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class CommandsTest {
    private RecordingServer server;
    private SandboxClient client;
    private Sandbox sandbox;

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingServer();
        client = SandboxClient.builder().apiUrl(server.url()).sandboxUrl(server.url()).build();
        sandbox = new Sandbox(client, "isbx", "0.5.7", "tok-1", null, client.domain());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void runSendsOneStartEnvelopeWithBashEnvsAndCwdAndReturnsTheOutput() throws Exception {
        server.enqueue(
                Connect.stream(
                        Connect.start(42),
                        Connect.stdout("hi\n"),
                        Connect.stderr("warn\n"),
                        Connect.endOk(),
                        Connect.endStreamOk()));

        CommandResult result =
                sandbox.commands().run("echo hi", RunOptions.builder().putEnv("X", "y").cwd("/tmp").build());

        assertThat(result).isEqualTo(new CommandResult(0, "hi\n", "warn\n", Optional.empty()));
        RecordedRequest start = server.takeRequest();
        assertThat(start.method()).isEqualTo("POST");
        assertThat(start.target()).isEqualTo("/process.Process/Start");
        assertThat(Connect.requestJson(start.body()))
                .isEqualTo(
                        "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"echo hi\"],"
                                + "\"envs\":{\"X\":\"y\"},\"cwd\":\"/tmp\"},\"stdin\":false}");
        assertThat(start.header("Content-Type")).hasValue("application/connect+json");
        assertThat(start.header("Connect-Protocol-Version")).hasValue("1");
        assertThat(start.header("Connect-Timeout-Ms")).hasValue("60000");
        assertThat(start.header("Keepalive-Ping-Interval")).hasValue("50");
        assertThat(start.header("Novita-Sandbox-Id")).hasValue("isbx");
        assertThat(start.header("Novita-Sandbox-Port")).hasValue("49983");
        assertThat(start.header("X-Access-Token")).hasValue("tok-1");
        assertThat(start.header("User-Agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith("sandbox-emulator-java"));
        assertThat(start.header("Authorization")).isEmpty();
    }

    @Test
    void backgroundStartWithStdinAsRootSendsBasicAuthAndNoTimeoutHeaderForZero() throws Exception {
        server.enqueue(Connect.stream(Connect.start(7), Connect.endOk(), Connect.endStreamOk()));

        CommandHandle handle =
                sandbox.commands()
                        .start("echo hi", RunOptions.builder().stdin(true).user("root").timeout(Duration.ZERO).build());

        assertThat(handle.pid()).isEqualTo(7);
        assertThat(handle.waitFor().exitCode()).isZero();
        RecordedRequest start = server.takeRequest();
        assertThat(Connect.requestJson(start.body()))
                .isEqualTo("{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"echo hi\"]},\"stdin\":true}");
        assertThat(start.header("Authorization")).hasValue("Basic cm9vdDo=");
        assertThat(start.header("Connect-Timeout-Ms")).isEmpty();
    }

    @Test
    void outputCallbacksFireWhileTheStreamIsStillOpen() throws Exception {
        CountDownLatch callbackSawFirstChunk = new CountDownLatch(1);
        CountDownLatch releaseRest = new CountDownLatch(1);
        List<String> chunks = new CopyOnWriteArrayList<>();
        server.enqueue(
                Connect.stream(
                        Part.of(Connect.start(42)),
                        Part.of(Connect.stdout("first\n")),
                        Part.of(Connect.concat(Connect.stdout("second\n"), Connect.endOk(), Connect.endStreamOk()))
                                .after(releaseRest)));

        CommandHandle handle =
                sandbox.commands()
                        .start(
                                "slow",
                                RunOptions.builder()
                                        .onStdout(
                                                chunk -> {
                                                    chunks.add(chunk);
                                                    callbackSawFirstChunk.countDown();
                                                })
                                        .build());

        assertThat(callbackSawFirstChunk.await(5, TimeUnit.SECONDS)).as("first chunk delivered before the end").isTrue();
        assertThat(handle.stdout()).isEqualTo("first\n");
        assertThat(handle.exitCode()).isEmpty();
        releaseRest.countDown();
        assertThat(handle.waitFor().stdout()).isEqualTo("first\nsecond\n");
        assertThat(chunks).containsExactly("first\n", "second\n");
    }

    @Test
    void envelopesWrittenWithPausesReachTheCallbackBeforeRunReturns() {
        Duration pause = Duration.ofMillis(400);
        List<Long> callbackTimes = new CopyOnWriteArrayList<>();
        server.enqueue(
                Connect.stream(
                        Part.of(Connect.start(42)),
                        Part.of(Connect.stdout("tick 1\n")),
                        Part.of(Connect.stdout("tick 2\n")).afterPause(pause),
                        Part.of(Connect.stdout("tick 3\n")).afterPause(pause),
                        Part.of(Connect.concat(Connect.endOk(), Connect.endStreamOk())).afterPause(pause)));

        CommandResult result =
                sandbox.commands()
                        .run("ticks", RunOptions.builder().onStdout(chunk -> callbackTimes.add(System.nanoTime())).build());
        long returned = System.nanoTime();

        assertThat(result.stdout()).isEqualTo("tick 1\ntick 2\ntick 3\n");
        assertThat(callbackTimes).hasSize(3);
        assertThat(Duration.ofNanos(returned - callbackTimes.get(0))).isGreaterThan(pause.multipliedBy(2));
        assertThat(Duration.ofNanos(callbackTimes.get(1) - callbackTimes.get(0))).isGreaterThan(pause.dividedBy(2));
    }

    @Test
    void outputStreamYieldsEveryChunkInOrderAndKeepalivesAreIgnored() {
        server.enqueue(
                Connect.stream(
                        Connect.start(42),
                        Connect.keepalive(),
                        Connect.stdout("a"),
                        Connect.stderr("b"),
                        Connect.keepalive(),
                        Connect.stdout("c"),
                        Connect.endOk(),
                        Connect.endStreamOk()));

        try (CommandHandle handle = sandbox.commands().start("x")) {
            assertThat(handle.output().collect(Collectors.toList()))
                    .containsExactly(
                            new ProcessOutput(ProcessOutput.Kind.STDOUT, "a"),
                            new ProcessOutput(ProcessOutput.Kind.STDERR, "b"),
                            new ProcessOutput(ProcessOutput.Kind.STDOUT, "c"));
            assertThat(handle.waitFor().stdout()).isEqualTo("ac");
            assertThat(handle.exitCode()).hasValue(0);
            assertThatThrownBy(handle::output).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aCharacterSplitAcrossChunksIsDecodedWhole() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        String first = java.util.Base64.getEncoder().encodeToString(new byte[] {'x', euro[0]});
        String second = java.util.Base64.getEncoder().encodeToString(new byte[] {euro[1], euro[2], 'y'});
        server.enqueue(
                Connect.stream(
                        Connect.start(42),
                        Connect.message("{\"event\":{\"data\":{\"stdout\":\"" + first + "\"}}}"),
                        Connect.message("{\"event\":{\"data\":{\"stdout\":\"" + second + "\"}}}"),
                        Connect.endOk(),
                        Connect.endStreamOk()));

        assertThat(sandbox.commands().run("x").stdout()).isEqualTo("x€y");
    }

    @Test
    void aNonZeroExitThrowsCommandExitExceptionCarryingTheOutput() {
        server.enqueue(
                Connect.stream(
                        Connect.start(42), Connect.stderr("boom\n"), Connect.endWith(3), Connect.endStreamOk()));

        assertThatThrownBy(() -> sandbox.commands().run("exit 3"))
                .isInstanceOfSatisfying(
                        CommandExitException.class,
                        e -> {
                            assertThat(e.exitCode()).isEqualTo(3);
                            assertThat(e.stderr()).isEqualTo("boom\n");
                            assertThat(e.stdout()).isEmpty();
                            assertThat(e.error()).hasValue("exit status 3");
                            assertThat(e).hasMessage("Command exited with code 3: exit status 3");
                        });
    }

    @Test
    void snakeCaseExitCodeIsAcceptedToo() {
        server.enqueue(
                Connect.stream(
                        Connect.start(42),
                        Connect.message("{\"event\":{\"end\":{\"exit_code\":2,\"exited\":true}}}"),
                        Connect.endStreamOk()));

        assertThatThrownBy(() -> sandbox.commands().run("exit 2"))
                .isInstanceOfSatisfying(CommandExitException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
    }

    @Test
    void deadlineExceededInTheEndStreamBecomesSandboxTimeoutException() {
        server.enqueue(
                Connect.stream(
                        Connect.start(42),
                        Connect.stdout("partial"),
                        Connect.endStreamError("deadline_exceeded", "context deadline exceeded")));

        assertThatThrownBy(() -> sandbox.commands().run("sleep 100", RunOptions.builder().timeout(Duration.ofSeconds(1)).build()))
                .isInstanceOf(SandboxTimeoutException.class)
                .hasMessageStartingWith("context deadline exceeded: ");
    }

    @Test
    void anEndStreamErrorWithAnUnmappedCodeKeepsTheCodeInTheMessage() {
        server.enqueue(
                Connect.stream(Connect.start(42), Connect.endStreamError("internal", "envd broke")));

        assertThatThrownBy(() -> sandbox.commands().run("x"))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessage("internal: envd broke");
    }

    @Test
    void aStreamWithoutEndStreamIsAProtocolError() {
        server.enqueue(Connect.stream(Connect.start(42), Connect.endOk()));

        assertThatThrownBy(() -> sandbox.commands().run("x"))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessageContaining("missing EndStreamResponse");
    }

    @Test
    void aStreamThatEndsWithoutAnEndEventHasNoResult() {
        server.enqueue(Connect.stream(Connect.start(42), Connect.stdout("x"), Connect.endStreamOk()));

        assertThatThrownBy(() -> sandbox.commands().run("x"))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessage("Process exited without a result");
    }

    @Test
    void aFirstEventOtherThanStartIsRejected() {
        server.enqueue(Connect.stream(Connect.stdout("early"), Connect.endOk(), Connect.endStreamOk()));

        assertThatThrownBy(() -> sandbox.commands().start("x"))
                .isExactlyInstanceOf(SandboxException.class)
                .hasMessage("Expected start event");
    }

    @Test
    void aCompressedEnvelopeIsRejected() {
        server.enqueue(
                Connect.stream(
                        Connect.start(42), Connect.envelope(0x01, new byte[] {1, 2, 3}), Connect.endStreamOk()));

        assertThatThrownBy(() -> sandbox.commands().run("x"))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("compressed");
    }

    @Test
    void unavailableBeforeTheStartEventMeansTheSandboxIsGone() {
        server.enqueue(Connect.stream(Connect.endStreamError("unavailable", "sandbox not reachable")));

        assertThatThrownBy(() -> sandbox.commands().start("x"))
                .isInstanceOf(SandboxNotFoundException.class)
                .hasMessageContaining("not running anymore");
    }

    @Test
    void aNonOkStatusOnAStreamTakesItsCodeFromTheStatus() {
        server.enqueue(Reply.text(401, "unauthorized access"));

        assertThatThrownBy(() -> sandbox.commands().start("x"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("unauthorized access");
    }

    @Test
    void invalidArgumentFromStartIsInvalidArgumentException() {
        server.enqueue(Reply.json(400, "{\"code\":\"invalid_argument\",\"message\":\"cwd '/nope' does not exist\"}"));

        assertThatThrownBy(() -> sandbox.commands().run("x", RunOptions.builder().cwd("/nope").build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("cwd '/nope' does not exist");
    }

    @Test
    void noStartEventWithinTheRequestTimeoutIsASandboxTimeoutException() {
        CountDownLatch never = new CountDownLatch(1);
        server.enqueue(Connect.stream(Part.of(Connect.start(42)).after(never)));

        assertThatThrownBy(
                        () -> sandbox.commands().start("x", RunOptions.builder().requestTimeout(Duration.ofMillis(300)).build()))
                .isInstanceOf(SandboxTimeoutException.class)
                .hasMessageContaining("No start event");
        never.countDown();
    }

    @Test
    void disconnectStopsReadingWithoutKillingTheProcess() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        server.enqueue(
                Connect.stream(
                        Part.of(Connect.start(42)),
                        Part.of(Connect.concat(Connect.endOk(), Connect.endStreamOk())).after(held)));

        CommandHandle handle = sandbox.commands().start("sleep 100");
        handle.disconnect();

        assertThatThrownBy(handle::waitFor).isExactlyInstanceOf(SandboxException.class).hasMessageContaining("Disconnected");
        held.countDown();
        server.takeRequest();
        Thread.sleep(100);
        assertThat(server.pendingRequests()).as("no SendSignal").isZero();
    }

    @Test
    void connectSendsThePidSelector() throws Exception {
        server.enqueue(Connect.stream(Connect.start(9), Connect.stdout("later"), Connect.endOk(), Connect.endStreamOk()));

        CommandHandle handle = sandbox.commands().connect(9);

        assertThat(handle.waitFor().stdout()).isEqualTo("later");
        RecordedRequest connect = server.takeRequest();
        assertThat(connect.target()).isEqualTo("/process.Process/Connect");
        assertThat(Connect.requestJson(connect.body())).isEqualTo("{\"process\":{\"pid\":9}}");
        assertThat(connect.header("Connect-Timeout-Ms")).hasValue("60000");
    }

    @Test
    void killSendsSigkillAsAUnaryJsonCall() throws Exception {
        server.enqueue(Reply.json(200, "{}"));

        assertThat(sandbox.commands().kill(42)).isTrue();

        RecordedRequest kill = server.takeRequest();
        assertThat(kill.target()).isEqualTo("/process.Process/SendSignal");
        assertThat(kill.bodyText()).isEqualTo("{\"process\":{\"pid\":42},\"signal\":\"SIGNAL_SIGKILL\"}");
        assertThat(kill.header("Content-Type")).hasValue("application/json");
        assertThat(kill.header("Connect-Protocol-Version")).hasValue("1");
        assertThat(kill.header("Connect-Timeout-Ms")).isEmpty();
        assertThat(kill.header("X-Access-Token")).hasValue("tok-1");
    }

    @Test
    void killReturnsFalseWhenTheProcessIsNotFound() {
        server.enqueue(Reply.json(404, "{\"code\":\"not_found\",\"message\":\"process with pid 42 not found\"}"));

        assertThat(sandbox.commands().kill(42)).isFalse();
    }

    @Test
    void handleKillSignalsItsOwnPid() throws Exception {
        server.enqueue(Connect.stream(Connect.start(42), Connect.endWith(137), Connect.endStreamOk()))
                .enqueue(Reply.json(200, "{}"));

        CommandHandle handle = sandbox.commands().start("sleep 100");
        assertThatThrownBy(handle::waitFor).isInstanceOf(CommandExitException.class);
        assertThat(handle.kill()).isTrue();

        server.takeRequest();
        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"process\":{\"pid\":42},\"signal\":\"SIGNAL_SIGKILL\"}");
    }

    @Test
    void sendStdinEncodesTheBytesAsBase64() throws Exception {
        server.enqueue(Reply.json(200, "{}"));

        sandbox.commands().sendStdin(42, "ab");

        RecordedRequest input = server.takeRequest();
        assertThat(input.target()).isEqualTo("/process.Process/SendInput");
        assertThat(input.bodyText()).isEqualTo("{\"process\":{\"pid\":42},\"input\":{\"stdin\":\"YWI=\"}}");
    }

    @Test
    void closeStdinSendsTheSelector() throws Exception {
        server.enqueue(Reply.json(200, "{}"));

        sandbox.commands().closeStdin(42);

        RecordedRequest close = server.takeRequest();
        assertThat(close.target()).isEqualTo("/process.Process/CloseStdin");
        assertThat(close.bodyText()).isEqualTo("{\"process\":{\"pid\":42}}");
    }

    @Test
    void closeStdinOnAnEnvdOlderThan052FailsWithoutARequest() {
        Sandbox old = new Sandbox(client, "iold", "0.5.1", null, null, client.domain());

        assertThatThrownBy(() -> old.commands().closeStdin(42)).isInstanceOf(TemplateException.class);
        assertThat(server.pendingRequests()).isZero();
    }

    @Test
    void listSendsAnEmptyMessageAndMapsTheProcesses() throws Exception {
        server.enqueue(
                Reply.json(
                        200,
                        "{\"processes\":[{\"config\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"sleep 9\"],"
                                + "\"envs\":{\"A\":\"1\"},\"cwd\":\"/tmp\"},\"pid\":42,\"tag\":\"t\"},"
                                + "{\"config\":{\"cmd\":\"/bin/sh\"},\"pid\":\"43\"}]}"));

        List<ProcessInfo> processes = sandbox.commands().list();

        assertThat(processes)
                .containsExactly(
                        new ProcessInfo(
                                42,
                                Optional.of("t"),
                                "/bin/bash",
                                List.of("-l", "-c", "sleep 9"),
                                Map.of("A", "1"),
                                Optional.of("/tmp")),
                        new ProcessInfo(43, Optional.empty(), "/bin/sh", List.of(), Map.of(), Optional.empty()));
        RecordedRequest list = server.takeRequest();
        assertThat(list.target()).isEqualTo("/process.Process/List");
        assertThat(list.bodyText()).isEqualTo("{}");
    }

    @Test
    void anEnvdOlderThan040GetsTheUserNamedUserExplicitly() throws Exception {
        Sandbox old = new Sandbox(client, "iold", "0.3.9", null, null, client.domain());
        server.enqueue(Reply.json(200, "{\"processes\":[]}"));

        old.commands().list();

        RecordedRequest list = server.takeRequest();
        assertThat(list.header("Authorization")).hasValue("Basic dXNlcjo=");
        assertThat(list.header("X-Access-Token")).isEmpty();
    }
}
