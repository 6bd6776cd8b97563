package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers from a request that meet a counter or a clock: however large, they are refused at
 * once with a 4xx, and nothing is allocated or counted on the way.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class ControlPlaneBadNumbersTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().runningQuota(5).start();
    private final RawHttp http = new RawHttp(emulator.apiUrl());

    @AfterEach
    void close() {
        emulator.close();
    }

    private int running() {
        return http.get("/sandboxes/quota").json().at("/usage/concurrentInstances").asInt();
    }

    @Test
    void aCloneCountNearIntegerMaxIsAQuotaErrorAndTakesNoSlot() {
        String parent = http.createSandbox("");

        RawHttp.Response response = http.post("/sandboxes/" + parent + "/clone", "{\"count\":2147483647}");

        assertThat(response.status()).as(response.toString()).isEqualTo(429);
        assertThat(response.json().get("message").asText()).contains("quota");
        assertThat(running())
                .as("only the parent runs").isEqualTo(1);
        assertThat(http.get("/v2/sandboxes").json()).hasSize(1);
    }

    @Test
    void aCloneCountThatWouldOverflowTheRunningCountIsRefusedForEveryCountAboveWhatIsLeft() {
        String parent = http.createSandbox("");
        for (int count : new int[] {5, 2147483646, Integer.MAX_VALUE}) {
            assertThat(http.post("/sandboxes/" + parent + "/clone", "{\"count\":" + count + "}").status())
                    .as("count %d", count).isEqualTo(429);
        }
        assertThat(http.post("/sandboxes/" + parent + "/clone", "{\"count\":4}").status()).isEqualTo(201);
        assertThat(running()).isEqualTo(5);
        assertThat(http.post("/sandboxes", "{\"templateID\":\"base\"}").status())
                .as("the quota is full, and still counted right").isEqualTo(429);
    }

    @Test
    void killsAfterARefusedHugeCloneReleaseExactlyWhatTheyHeld() {
        String parent = http.createSandbox("");
        http.post("/sandboxes/" + parent + "/clone", "{\"count\":2147483647}");

        assertThat(http.delete("/sandboxes/" + parent).status()).isEqualTo(204);
        assertThat(running()).isZero();
    }

    @Test
    void metricsWithATimeBeyondWhatAnInstantHoldsAreA400() {
        String sandbox = http.createSandbox("");
        for (String query : new String[] {"start=9223372036854775807", "end=-9223372036854775808",
                "start=31556889864403200", "start=1&end=9223372036854775807"}) {
            RawHttp.Response response = http.get("/sandboxes/" + sandbox + "/metrics?" + query);

            assertThat(response.status()).as(query + " → " + response).isEqualTo(400);
            assertThat(response.json().get("code").asInt()).isEqualTo(400);
            assertThat(response.json().get("message").asText()).contains("out of range");
        }
    }

    @Test
    void metricsAtTheEdgesOfTheRangeAnswerNormally() {
        String sandbox = http.createSandbox("");

        RawHttp.Response response = http.get("/sandboxes/" + sandbox + "/metrics?start=0&end=31556889864403199");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }
}
