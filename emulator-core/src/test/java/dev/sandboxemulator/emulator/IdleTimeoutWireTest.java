package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Novita's idle timeout (metadata {@code idle_timeout}, seconds as a string) over the control plane,
 * on a manual clock: a sandbox that nobody uses for that long is killed, or paused when its lifecycle
 * pauses on timeout; every call on it starts the idle time again. (Streams and data-plane requests:
 * {@code envd.EnvdIdleTimeoutTest}.)
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class IdleTimeoutWireTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().start();
    private final RawHttp http = new RawHttp(emulator.apiUrl());

    @AfterEach
    void close() {
        emulator.close();
    }

    /** A sandbox with an hour to live, so that only its idle timeout can end it in these tests. */
    private String sandboxIdleFor(String seconds, String extraJson) {
        return http.createSandbox("\"timeout\":3600,\"metadata\":{\"idle_timeout\":\"" + seconds + "\"}"
                + (extraJson.isEmpty() ? "" : "," + extraJson));
    }

    private void advanceSeconds(long seconds) {
        emulator.manualClock().advance(Duration.ofSeconds(seconds));
    }

    @Test
    void aSandboxNobodyUsesIsKilledWhenItsIdleTimeoutPasses() {
        String id = sandboxIdleFor("60", "");

        advanceSeconds(59);
        assertThat(emulator.sandboxIds()).as("listing does not count as use").contains(id);
        advanceSeconds(1);

        assertThat(emulator.sandboxIds()).doesNotContain(id);
        assertThat(http.get("/sandboxes/" + id).status()).isEqualTo(404);
    }

    @Test
    void aSandboxThatPausesOnTimeoutIsPausedInsteadAndItsIdleTimeRestartsOnResume() {
        String id = sandboxIdleFor("60", "\"autoPause\":true");

        advanceSeconds(60);
        assertThat(http.get("/sandboxes/" + id).json().get("state").asText()).isEqualTo("paused");
        advanceSeconds(600);
        assertThat(http.get("/sandboxes/" + id).json().get("state").asText())
                .as("time spent paused is not idle time; a paused sandbox stays paused").isEqualTo("paused");

        assertThat(http.post("/sandboxes/" + id + "/connect", "{\"timeout\":3600}").status()).isEqualTo(201);
        advanceSeconds(59);
        assertThat(emulator.sandboxIds()).contains(id);
        assertThat(emulator.runningCount()).as("running again, and not yet idle").isEqualTo(1);
        advanceSeconds(1);
        assertThat(http.get("/sandboxes/" + id).json().get("state").asText()).isEqualTo("paused");
    }

    @Test
    void anyCallOnTheSandboxJustBeforeTheDeadlineStartsItsIdleTimeAgain() {
        String id = sandboxIdleFor("60", "");

        advanceSeconds(59);
        assertThat(http.get("/sandboxes/" + id).status()).isEqualTo(200);
        advanceSeconds(59);
        assertThat(http.get("/sandboxes/" + id + "/metrics").status()).isEqualTo(200);
        advanceSeconds(59);
        assertThat(http.post("/sandboxes/" + id + "/timeout", "{\"timeout\":3600}").status()).isEqualTo(204);
        advanceSeconds(59);
        assertThat(emulator.sandboxIds()).contains(id);

        advanceSeconds(1);
        assertThat(emulator.sandboxIds()).doesNotContain(id);
    }

    @Test
    void theRegularTimeoutStillAppliesToASandboxInUse() {
        String id = http.createSandbox("\"timeout\":100,\"metadata\":{\"idle_timeout\":\"60\"}");

        advanceSeconds(50);
        http.get("/sandboxes/" + id);
        advanceSeconds(50);

        assertThat(emulator.sandboxIds()).as("ended by its timeout, though used 50 s ago").doesNotContain(id);
    }

    @Test
    void zeroTurnsTheIdleTimeoutOff() {
        String id = sandboxIdleFor("0", "");

        advanceSeconds(3599);

        assertThat(emulator.sandboxIds()).contains(id);
    }

    @Test
    void withoutTheKeyASandboxIsNeverIdle() {
        String id = http.createSandbox("\"timeout\":3600");

        advanceSeconds(3599);

        assertThat(emulator.sandboxIds()).contains(id);
    }

    @Test
    void theLargestAcceptedValueIsThirtyDays() {
        String id = http.createSandbox("\"timeout\":3600,\"metadata\":{\"idle_timeout\":\"2592000\"}");

        assertThat(http.get("/sandboxes/" + id).json().get("metadata").get("idle_timeout").asText()).isEqualTo("2592000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", " 60", "60 ", "60s", "1.5", "1e3", "+60", "0x10", "٣", "2592001",
            "99999999999999999999999999"})
    void aValueThatIsNotAWholeNumberOfSecondsUpToThirtyDaysIsRefusedAtCreate(String value) {
        RawHttp.Response response = http.post("/sandboxes",
                "{\"templateID\":\"base\",\"metadata\":{\"idle_timeout\":\"" + value + "\"}}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("code").asInt()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).contains("idle_timeout");
        assertThat(emulator.sandboxIds()).as("nothing was made").isEmpty();
    }

    @Test
    void aNegativeValueIsRefusedWithAHintToUseZero() {
        RawHttp.Response response = http.post("/sandboxes", "{\"templateID\":\"base\",\"metadata\":{\"idle_timeout\":\"-5\"}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).contains("must not be negative").contains("\"0\"");
    }

    @Test
    void aCloneInheritsTheIdleTimeoutWithAnIdleClockOfItsOwn() {
        String parent = sandboxIdleFor("60", "");
        advanceSeconds(40);

        RawHttp.Response cloned = http.post("/sandboxes/" + parent + "/clone", "{\"count\":1,\"timeout\":3600}");
        assertThat(cloned.status()).as(cloned.toString()).isEqualTo(201);
        String copy = cloned.json().get("sandboxes").get(0).get("sandboxID").asText();
        assertThat(http.get("/sandboxes/" + copy).json().get("metadata").get("idle_timeout").asText()).isEqualTo("60");

        advanceSeconds(59);
        assertThat(emulator.sandboxIds()).as("cloning was a call on the parent, 59 s ago").contains(parent, copy);
        advanceSeconds(1);
        assertThat(emulator.sandboxIds()).doesNotContain(parent, copy);
    }

    @Test
    void aCloneStartsItsIdleTimeAtItsOwnStartNotItsParentsLastUse() {
        String parent = sandboxIdleFor("60", "");
        advanceSeconds(30);
        String copy = http.post("/sandboxes/" + parent + "/clone", "{\"count\":1,\"timeout\":3600}").json()
                .get("sandboxes").get(0).get("sandboxID").asText();

        advanceSeconds(30);
        http.get("/sandboxes/" + parent);
        advanceSeconds(30);

        assertThat(emulator.sandboxIds()).as("the copy has been idle 60 s, the parent 30 s").contains(parent)
                .doesNotContain(copy);
    }
}
