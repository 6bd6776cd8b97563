package dev.sandboxemulator.emulator.envd;

import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The idle timeout (metadata {@code idle_timeout}) seen from the data plane, on a manual clock: an
 * open stream is a connected client and keeps the sandbox from being idle for as long as it lasts;
 * a request is use at its moment; the idle time counts from a stream's end.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class EnvdIdleTimeoutTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        emulator.close();
    }

    /** A sandbox idle after 60 s, with an hour to live, and a client of its data plane. */
    private EnvdHttp sandboxIdleAfterAMinute(String extraJson) {
        String body = "{\"templateID\":\"base\",\"secure\":false,\"timeout\":3600,\"metadata\":{\"idle_timeout\":\"60\"}"
                + (extraJson.isEmpty() ? "" : "," + extraJson) + "}";
        HttpResponse<byte[]> created = new EnvdHttp(http, emulator.apiUrl(), null, null).header("X-API-KEY", emulator.apiKey())
                .post("/sandboxes", "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        try {
            return new EnvdHttp(http, emulator.sandboxUrl(), EnvdHttp.JSON.readTree(created.body()).get("sandboxID").asText(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void advanceSeconds(long seconds) {
        emulator.manualClock().advance(Duration.ofSeconds(seconds));
    }

    private static String startRequest(String script) {
        return "{\"process\":{\"cmd\":\"/bin/bash\",\"args\":[\"-l\",\"-c\",\"" + script + "\"]},\"stdin\":false}";
    }

    @Test
    void anOpenProcessStreamKeepsTheSandboxFromBeingIdleForAsLongAsItLasts() {
        EnvdHttp envd = sandboxIdleAfterAMinute("");

        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start", startRequest("sleep 1000"), 0)) {
            assertThat(stream.next().message().at("/event/start/pid").asInt()).isPositive();

            advanceSeconds(600);

            assertThat(emulator.sandboxIds()).contains(envd.sandboxId());
        }
    }

    @Test
    void anOpenWatchKeepsTheSandboxFromBeingIdle() {
        EnvdHttp envd = sandboxIdleAfterAMinute("");

        try (EnvdHttp.Stream stream = envd.stream("filesystem.Filesystem/WatchDir", "{\"path\":\"/home/user\"}", 0)) {
            assertThat(stream.status()).isEqualTo(200);

            advanceSeconds(600);

            assertThat(emulator.sandboxIds()).contains(envd.sandboxId());
        }
    }

    @Test
    void theIdleTimeCountsFromTheEndOfTheLastStream() {
        EnvdHttp envd = sandboxIdleAfterAMinute("");
        try (EnvdHttp.Stream stream = envd.stream("process.Process/Start", startRequest("sleep 30"), 0)) {
            stream.next();
            advanceSeconds(30);
            assertThat(stream.all().get(0).message().at("/event/end/exited").asBoolean()).isTrue();
        }

        advanceSeconds(59);
        assertThat(emulator.sandboxIds()).as("idle for 59 s since the stream ended").contains(envd.sandboxId());
        advanceSeconds(1);

        assertThat(emulator.sandboxIds()).doesNotContain(envd.sandboxId());
    }

    @Test
    void aRequestJustBeforeTheDeadlineStartsTheIdleTimeAgain() {
        EnvdHttp envd = sandboxIdleAfterAMinute("");

        advanceSeconds(59);
        assertThat(envd.unary("filesystem.Filesystem/Stat", "{\"path\":\"/home/user\"}").status()).isEqualTo(200);
        advanceSeconds(59);
        assertThat(emulator.sandboxIds()).contains(envd.sandboxId());
        advanceSeconds(1);

        assertThat(emulator.sandboxIds()).doesNotContain(envd.sandboxId());
        EnvdHttp.Reply late = envd.unary("filesystem.Filesystem/Stat", "{\"path\":\"/home/user\"}");
        assertThat(late.status()).isEqualTo(502);
        assertThat(late.json().get("code").asText()).isEqualTo("unavailable");
    }

    @Test
    void aSandboxPausedForIdlenessIsWokenByARequestWithItsIdleTimeStartingAfresh() {
        EnvdHttp envd = sandboxIdleAfterAMinute("\"autoPause\":true,\"autoResume\":{\"enabled\":true}");
        advanceSeconds(60);
        assertThat(emulator.runningCount()).as("paused for idleness").isZero();
        assertThat(emulator.sandboxIds()).contains(envd.sandboxId());

        assertThat(envd.unary("filesystem.Filesystem/Stat", "{\"path\":\"/home/user\"}").status()).isEqualTo(200);
        assertThat(emulator.runningCount()).isEqualTo(1);
        advanceSeconds(59);
        assertThat(emulator.runningCount()).isEqualTo(1);
        advanceSeconds(1);

        assertThat(emulator.runningCount()).isZero();
    }
}
