package dev.sandboxemulator.emulator.envd;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** process.Process on the wire, byte for byte as the SDK's Connect transport expects it. */
@ExtendWith(NoEmulatorErrorsExtension.class)
class EnvdProcessTest {

    private SandboxEmulator emulator;
    private String sandboxId;
    private EnvdHttp envd;

    @BeforeEach
    void createSandbox() {
        emulator = SandboxEmulator.builder().manualClock().start();
        envd = EnvdHttp.forNewSandbox(HttpClient.newHttpClient(), emulator);
        sandboxId = envd.sandboxId();
    }

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void startStreamsStartThenBase64OutputThenEndThenAnEmptyEndStream() {
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"echo hi; echo oops >&2\"]},\"stdin\":false}", 60_000)) {
            List<EnvdHttp.Envelope> envelopes = stream.all();

            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).isEqualTo("application/connect+json");
            assertThat(envelopes).hasSize(5);
            assertThat(envelopes.get(0).message().at("/event/start/pid").asInt()).isPositive();
            assertThat(decode(envelopes.get(1).message().at("/event/data/stdout"))).isEqualTo("hi\n");
            assertThat(decode(envelopes.get(2).message().at("/event/data/stderr"))).isEqualTo("oops\n");
            JsonNode end = envelopes.get(3).message().at("/event/end");
            assertThat(end.has("exitCode")).as("exit code 0 is a default and left out").isFalse();
            assertThat(end.get("exited").asBoolean()).isTrue();
            assertThat(end.get("status").asText()).isEqualTo("exit status 0");
            assertThat(envelopes.get(4).isEndStream()).isTrue();
            assertThat(envelopes.get(4).message().size()).isZero();
        }
    }

    @Test
    void aNonZeroExitCarriesItsCodeStatusAndError() {
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"exit 3\"]}}", 60_000)) {
            JsonNode end = stream.until(e -> e.message().at("/event/end").isObject()).get(1).message().at("/event/end");

            assertThat(end.get("exitCode").asInt()).isEqualTo(3);
            assertThat(end.get("status").asText()).isEqualTo("exit status 3");
            assertThat(end.get("error").asText()).isEqualTo("exit status 3");
        }
    }

    @Test
    void theConnectTimeoutIsTheProcessLifetimeAndEndsTheStreamWithDeadlineExceeded() {
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"sleep 30\"]}}", 5_000)) {
            stream.next();
            emulator.manualClock().advance(Duration.ofSeconds(5));
            EnvdHttp.Envelope end = stream.all().get(0);

            assertThat(end.isEndStream()).isTrue();
            assertThat(end.message().at("/error/code").asText()).isEqualTo("deadline_exceeded");
        }
        assertThat(envd.unary("process.Process/List", "{}").json().path("processes")).isEmpty();
    }

    @Test
    void aMissingCwdEndsTheStreamWithInvalidArgument() {
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"pwd\"],\"cwd\":\"/nowhere\"}}", 60_000)) {
            EnvdHttp.Envelope end = stream.next();

            assertThat(end.isEndStream()).isTrue();
            assertThat(end.message().at("/error/code").asText()).isEqualTo("invalid_argument");
            assertThat(end.message().at("/error/message").asText()).contains("cwd '/nowhere' does not exist");
        }
    }

    @Test
    void listSendInputAndSendSignalSpeakTheSdksShapes() {
        EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"head -n 1\"],\"envs\":{\"A\":\"b\"}},\"stdin\":true,\"tag\":\"reader\"}", 0);
        int pid = stream.next().message().at("/event/start/pid").asInt();

        JsonNode listed = envd.unary("process.Process/List", "{}").json().get("processes").get(0);
        EnvdHttp.Reply input = envd.unary("process.Process/SendInput",
                "{\"process\":{\"tag\":\"reader\"},\"input\":{\"stdin\":\"" + Base64.getEncoder().encodeToString("line\n".getBytes(StandardCharsets.UTF_8)) + "\"}}");
        List<EnvdHttp.Envelope> rest = stream.all();
        stream.close();

        assertThat(listed.get("pid").asInt()).isEqualTo(pid);
        assertThat(listed.get("tag").asText()).isEqualTo("reader");
        assertThat(listed.at("/config/cmd").asText()).isEqualTo("/bin/bash");
        assertThat(listed.at("/config/envs/A").asText()).isEqualTo("b");
        assertThat(input.status()).isEqualTo(200);
        assertThat(decode(rest.get(0).message().at("/event/data/stdout"))).isEqualTo("line\n");
    }

    @Test
    void signallingAnUnknownPidIsNotFoundAndAnUnsupportedSignalUnimplemented() {
        EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"sleep 100\"]}}", 0);
        int pid = stream.next().message().at("/event/start/pid").asInt();

        EnvdHttp.Reply unknown = envd.unary("process.Process/SendSignal", "{\"process\":{\"pid\":999999},\"signal\":\"SIGNAL_SIGKILL\"}");
        EnvdHttp.Reply hangup = envd.unary("process.Process/SendSignal", "{\"process\":{\"pid\":" + pid + "},\"signal\":\"SIGNAL_SIGHUP\"}");
        EnvdHttp.Reply kill = envd.unary("process.Process/SendSignal", "{\"process\":{\"pid\":" + pid + "},\"signal\":\"SIGNAL_SIGKILL\"}");
        JsonNode end = stream.until(e -> e.message().at("/event/end").isObject()).get(0).message().at("/event/end");
        stream.close();

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("not_found");
        assertThat(unknown.json().get("message").asText()).isEqualTo("process with pid 999999 not found");
        assertThat(hangup.json().get("code").asText()).isEqualTo("unimplemented");
        assertThat(kill.status()).isEqualTo(200);
        assertThat(end.get("status").asText()).isEqualTo("signal: killed");
        assertThat(end.has("exited")).isFalse();
    }

    @Test
    void ptysAndClientStreamingAreAnsweredUnimplemented() {
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start",
                "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-i\",\"-l\"]},\"pty\":{\"size\":{\"cols\":80,\"rows\":24}}}", 0)) {
            assertThat(stream.next().message().at("/error/code").asText()).isEqualTo("unimplemented");
        }
        assertThat(envd.unary("process.Process/StreamInput", "{}").json().get("code").asText()).isEqualTo("unimplemented");
    }

    @Test
    void aStreamingRequestThatIsNotAnEnvelopeIsRefused() {
        HttpResponse<byte[]> response = envd.post("/process.Process/Start", "application/connect+json",
                "{}".getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("invalid_argument");
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }
}
