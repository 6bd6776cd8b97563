package dev.sandboxemulator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.ForkRequest;
import dev.sandboxemulator.client.ForkResult;
import dev.sandboxemulator.client.ProcessInfo;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * E2B's fork ({@code POST /sandboxes/{id}/fork}), with upstream's rules: its bounds on count and timeout, a paused
 * parent refused, a parent that keeps its id and expiry, and an answer per slot in which each slot has its own fork or
 * its own error. Over real HTTP: hand-made requests for the wire, our client for the semantics.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class ForkTest {

    private static final int QUOTA = 6;

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().runningQuota(QUOTA).start();
    private final RawHttp http = new RawHttp(emulator.apiUrl());
    private final SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
            .apiKey("test").build();

    @AfterEach
    void close() {
        emulator.close();
    }

    @Nested
    class TheWire {

        @Test
        void anEmptyBodyMakesOneForkAnswered201AsAnArrayOfOneSandboxEntryInE2bsShape() {
            String parent = http.createSandbox("");

            RawHttp.Response response = http.post("/sandboxes/" + parent + "/fork", null);

            assertThat(response.status()).isEqualTo(201);
            JsonNode slots = response.json();
            assertThat(slots.isArray()).isTrue();
            assertThat(slots).hasSize(1);
            JsonNode entry = slots.get(0);
            assertThat(entry.has("error")).isFalse();
            JsonNode sandbox = entry.get("sandbox");
            assertThat(sandbox.get("sandboxID").asText()).matches("i[a-z0-9]{20}").isNotEqualTo(parent);
            assertThat(sandbox.get("clientID").asText()).isNotEmpty();
            assertThat(sandbox.get("templateID").asText()).isEqualTo("base");
            assertThat(sandbox.get("envdVersion").asText()).isEqualTo("0.5.7");
            assertThat(sandbox.get("envdAccessToken").asText()).isNotEmpty();
            assertThat(sandbox.has("domain")).as("sent, as upstream sends it").isTrue();
            assertThat(sandbox.get("domain").isNull()).isTrue();
            assertThat(sandbox.get("trafficAccessToken").isNull()).isTrue();
            assertThat(emulator.sandboxIds()).containsExactlyInAnyOrder(parent, sandbox.get("sandboxID").asText());
        }

        @Test
        void theSdksBodiesAreAcceptedAndUnknownFieldsIgnored() {
            String parent = http.createSandbox("");

            assertThat(http.post("/sandboxes/" + parent + "/fork", "{}").json()).hasSize(1);
            assertThat(http.post("/sandboxes/" + parent + "/fork", "{\"count\":2}").json()).hasSize(2);
            assertThat(http.post("/sandboxes/" + parent + "/fork", "{\"timeout\":60,\"count\":2,\"future\":true}").json())
                    .hasSize(2);
            assertThat(emulator.runningCount()).isEqualTo(6);
        }

        @Test
        void anIdWithAClientIdSuffixNamesTheSandbox() {
            String parent = http.createSandbox("");

            assertThat(http.post("/sandboxes/" + parent + "-someclient/fork", "{}").status()).isEqualTo(201);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"count\":\"2\"}", "{\"count\":1.5}", "{\"timeout\":\"60\"}", "{\"timeout\":true}",
                "{\"count\":3000000000}", "[]", "{\"count\":2", "null"})
        void aMalformedOrMistypedBodyIs400AndForksNothing(String body) {
            String parent = http.createSandbox("");

            RawHttp.Response response = http.post("/sandboxes/" + parent + "/fork", body);

            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().get("code").asInt()).isEqualTo(400);
            assertThat(emulator.sandboxIds()).containsExactly(parent);
        }

        @Test
        void countBelowOneIs400WithUpstreamsMessage() {
            String parent = http.createSandbox("");

            for (int count : new int[] {0, -1}) {
                RawHttp.Response response = http.post("/sandboxes/" + parent + "/fork", "{\"count\":" + count + "}");
                assertThat(response.status()).isEqualTo(400);
                assertThat(response.json().get("message").asText()).isEqualTo("Count must be at least 1");
            }
            assertThat(emulator.sandboxIds()).containsExactly(parent);
        }

        @Test
        void countAsLargeAsTheConcurrencyLimitIs400NamingTheLimit() {
            String parent = http.createSandbox("");

            RawHttp.Response response = http.post("/sandboxes/" + parent + "/fork", "{\"count\":" + QUOTA + "}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("message").asText())
                    .isEqualTo("Count must be lower than the maximum number of concurrent sandboxes (" + QUOTA + ")");
            assertThat(emulator.sandboxIds()).containsExactly(parent);
        }

        @Test
        void countAbove100Is400EvenUnderALargerLimit() {
            try (SandboxEmulator large = SandboxEmulator.builder().runningQuota(500).start()) {
                RawHttp largeHttp = new RawHttp(large.apiUrl());
                String parent = largeHttp.createSandbox("");

                RawHttp.Response response = largeHttp.post("/sandboxes/" + parent + "/fork", "{\"count\":101}");

                assertThat(response.status()).isEqualTo(400);
                assertThat(response.json().get("message").asText()).startsWith("Count must be at most 100");
                assertThat(large.sandboxIds()).containsExactly(parent);
            }
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -5, 3601})
        void aTimeoutThatIsNotPositiveOrAboveTheMaximumIs400(int timeout) {
            String parent = http.createSandbox("");

            RawHttp.Response response = http.post("/sandboxes/" + parent + "/fork", "{\"timeout\":" + timeout + "}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("message").asText()).startsWith("Timeout must be");
            assertThat(emulator.sandboxIds()).containsExactly(parent);
        }

        @Test
        void theMaximumTimeoutItselfIsAccepted() {
            String parent = http.createSandbox("");

            assertThat(http.post("/sandboxes/" + parent + "/fork", "{\"timeout\":3600}").status()).isEqualTo(201);
        }

        @Test
        void aMissingParentIs404() {
            RawHttp.Response response = http.post("/sandboxes/i00000000000000000000/fork", "{}");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().get("code").asInt()).isEqualTo(404);
            assertThat(emulator.sandboxIds()).isEmpty();
        }

        @Test
        void aPausedParentIs409AndNothingIsMade() {
            String parent = http.createSandbox("");
            assertThat(http.post("/sandboxes/" + parent + "/pause", null).status()).isEqualTo(204);

            RawHttp.Response response = http.post("/sandboxes/" + parent + "/fork", "{\"count\":2}");

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.json().get("code").asInt()).isEqualTo(409);
            assertThat(response.json().get("message").asText())
                    .isEqualTo("Sandbox '" + parent + "' is paused and cannot be forked; resume it first");
            assertThat(emulator.sandboxIds()).containsExactly(parent);
            assertThat(emulator.runningCount()).isZero();
        }

        @Test
        void otherMethodsOnTheForkPathAre405() {
            String parent = http.createSandbox("");

            RawHttp.Response response = http.get("/sandboxes/" + parent + "/fork");

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.header("Allow")).contains("POST");
        }

        @Test
        void slotsBeyondTheQuotaAre429EntriesWithoutRetryAfterWhileTheFirstSlotsAreMade() {
            String parent = http.createSandbox("");
            http.createSandbox("");
            http.createSandbox(""); // 3 of 6 running: 3 slots left

            RawHttp.Response response = http.post("/sandboxes/" + parent + "/fork", "{\"count\":5}");

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.header("Retry-After")).as("e2b would silently retry the whole fork").isEmpty();
            JsonNode slots = response.json();
            assertThat(slots).hasSize(5);
            for (int slot = 0; slot < 3; slot++) {
                assertThat(slots.get(slot).has("sandbox")).as("slot %d", slot).isTrue();
                assertThat(slots.get(slot).has("error")).isFalse();
            }
            for (int slot = 3; slot < 5; slot++) {
                JsonNode error = slots.get(slot).get("error");
                assertThat(slots.get(slot).has("sandbox")).as("slot %d", slot).isFalse();
                assertThat(error.get("code").asInt()).isEqualTo(429);
                assertThat(error.get("message").asText()).contains("(slot " + (slot + 1) + " of 5)").contains("quota of " + QUOTA);
            }
            assertThat(emulator.runningCount()).isEqualTo(QUOTA);
        }

        @Test
        void whenNoSlotFindsRoomEverySlotIsA429AndTheParentIsNeverSnapshotted() {
            String parent = http.createSandbox("");
            for (int i = 1; i < QUOTA; i++) {
                http.createSandbox("");
            }
            List<String> snapshotsTaken = new ArrayList<>();
            emulator.faults().duringCloneSnapshot(snapshotsTaken::add);

            RawHttp.Response response = http.post("/sandboxes/" + parent + "/fork", "{\"count\":2}");

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json()).hasSize(2)
                    .allSatisfy(slot -> assertThat(slot.get("error").get("code").asInt()).isEqualTo(429));
            assertThat(snapshotsTaken).isEmpty();
            assertThat(emulator.runningCount()).isEqualTo(QUOTA);
        }

        @Test
        void aPlantedFaultFailsItsSlotWithA500EntryAndTheOtherForksStay() {
            String parent = http.createSandbox("");
            emulator.faults().failClonesWhere(attempt -> attempt.index() == 1, "disk on fire");

            JsonNode slots = http.post("/sandboxes/" + parent + "/fork", "{\"count\":3}").json();

            assertThat(slots).hasSize(3);
            assertThat(slots.get(0).has("sandbox")).isTrue();
            assertThat(slots.get(1).get("error").get("code").asInt()).isEqualTo(500);
            assertThat(slots.get(1).get("error").get("message").asText())
                    .contains("of sandbox " + parent).contains("disk on fire");
            assertThat(slots.get(2).has("sandbox")).isTrue();
            assertThat(emulator.sandboxIds()).containsExactlyInAnyOrder(parent,
                    slots.get(0).get("sandbox").get("sandboxID").asText(), slots.get(2).get("sandbox").get("sandboxID").asText());
            assertThat(emulator.runningCount()).isEqualTo(3);
        }

        @Test
        void whenEverySlotFailsTheAnswerIsStill201AndNothingIsLeftHoldingTheQuota() {
            String parent = http.createSandbox("");
            emulator.faults().failClonesWhere(attempt -> true);

            RawHttp.Response response = http.post("/sandboxes/" + parent + "/fork", "{\"count\":2}");

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.json()).allSatisfy(slot -> assertThat(slot.get("error").get("code").asInt()).isEqualTo(500));
            assertThat(emulator.sandboxIds()).containsExactly(parent);
            assertThat(http.get("/sandboxes/quota").json().get("usage").get("concurrentInstances").asInt()).isEqualTo(1);
        }
    }

    @Nested
    class TheForks {

        @Test
        void theParentKeepsItsIdStateAndExpiryAndIsSnapshottedOnce() {
            Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(10)).build());
            emulator.manualClock().advance(Duration.ofMinutes(1));
            SandboxInfo before = parent.info();
            List<String> snapshotsTaken = new ArrayList<>();
            emulator.faults().duringCloneSnapshot(snapshotsTaken::add);

            ForkResult result = parent.fork(ForkRequest.builder().count(3).build());

            assertThat(result.sandboxes()).hasSize(3);
            assertThat(snapshotsTaken).as("one snapshot for every fork").containsExactly(parent.id());
            SandboxInfo after = parent.info();
            assertThat(after.sandboxId()).isEqualTo(parent.id());
            assertThat(after.state()).isEqualTo(SandboxState.RUNNING);
            assertThat(after.startedAt()).isEqualTo(before.startedAt());
            assertThat(after.endAt()).isEqualTo(before.endAt());
        }

        @Test
        void forksLive15SecondsByDefaultAndThenTimeOut() {
            Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(10)).build());
            Instant now = emulator.clock().instant();

            List<Sandbox> forks = client.fork(parent.id(), ForkRequest.builder().count(2).build()).sandboxes();

            for (Sandbox fork : forks) {
                SandboxInfo info = fork.info();
                assertThat(info.startedAt()).isEqualTo(now);
                assertThat(info.endAt()).isEqualTo(now.plusSeconds(15));
            }
            emulator.manualClock().advance(Duration.ofSeconds(15));
            assertThat(emulator.sandboxIds()).containsExactly(parent.id());
        }

        @Test
        void anExplicitTimeoutIsTheForksLifetime() {
            Sandbox parent = client.create();
            Instant now = emulator.clock().instant();

            Sandbox fork = parent.fork(ForkRequest.builder().timeout(Duration.ofSeconds(90)).build()).sandboxes().get(0);

            assertThat(fork.info().endAt()).isEqualTo(now.plusSeconds(90));
        }

        @Test
        void forksCarryTheParentsFilesMetadataAndEnvAndThenDivergeFromIt() {
            Sandbox parent = client.create(CreateSandboxRequest.builder().putMetadata("purpose", "fork-test")
                    .putEnv("GREETING", "hello").build());
            write(parent, "/home/user/progress.txt", "step 3 of 5");

            List<Sandbox> forks = parent.fork(ForkRequest.builder().count(2).timeout(Duration.ofMinutes(5)).build())
                    .sandboxes();
            write(forks.get(0), "/home/user/progress.txt", "fork 0 went on");

            assertThat(read(parent, "/home/user/progress.txt")).isEqualTo("step 3 of 5");
            assertThat(read(forks.get(0), "/home/user/progress.txt")).isEqualTo("fork 0 went on");
            assertThat(read(forks.get(1), "/home/user/progress.txt")).isEqualTo("step 3 of 5");
            assertThat(forks.get(1).info().metadata()).containsEntry("purpose", "fork-test");
            assertThat(forks.get(1).commands().run("echo $GREETING $E2B_SANDBOX_ID").stdout())
                    .isEqualTo("hello " + forks.get(1).id() + "\n");
        }

        @Test
        void aBackgroundProcessRunsOnInEveryForkFromWhereItWas() {
            Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(10)).build());
            CommandHandle inParent = parent.commands().start("echo start; sleep 10; echo done");
            emulator.manualClock().advance(Duration.ofSeconds(5));

            Sandbox fork = parent.fork(ForkRequest.builder().timeout(Duration.ofMinutes(5)).build()).sandboxes().get(0);

            assertThat(fork.commands().list()).extracting(ProcessInfo::pid).containsExactly(inParent.pid());
            CommandHandle inFork = fork.commands().connect(inParent.pid());
            emulator.manualClock().advance(Duration.ofSeconds(5));
            assertThat(inFork.waitFor().stdout()).isEqualTo("start\ndone\n");
            assertThat(inParent.waitFor().stdout()).isEqualTo("start\ndone\n");
        }

        @Test
        void theClientGivesEachSlotItsForkOrItsOwnErrorInSlotOrder() {
            Sandbox parent = client.create();
            client.create();
            client.create();
            client.create(); // 4 of 6 running: 2 slots left
            emulator.faults().failNthClone(1);

            ForkResult result = parent.fork(ForkRequest.builder().count(4).build());

            assertThat(result.slots()).hasSize(4);
            assertThat(result.slots().get(0).error()).get().satisfies(error -> {
                assertThat(error.statusCode()).isEqualTo(500);
                assertThat(error).isExactlyInstanceOf(SandboxException.class);
                assertThat(error.getMessage()).startsWith("500: fork ").contains("injected clone failure");
            });
            assertThat(result.slots().get(1).sandbox()).isPresent();
            assertThat(result.slots().get(2).error()).get().isInstanceOf(RateLimitException.class)
                    .extracting(SandboxException::statusCode).isEqualTo(429);
            assertThat(result.slots().get(3).error()).get().isInstanceOf(RateLimitException.class);
            assertThat(result.sandboxes()).hasSize(1);
            assertThat(result.errors()).hasSize(3);
            assertThat(result.allSucceeded()).isFalse();
            assertThat(result.sandboxes().get(0).isRunning()).isTrue();
            assertThat(emulator.runningCount()).isEqualTo(5);
        }
    }

    private void write(Sandbox sandbox, String path, String content) {
        emulator.fileSystem(sandbox.id()).write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private String read(Sandbox sandbox, String path) {
        return new String(emulator.fileSystem(sandbox.id()).read(path), StandardCharsets.UTF_8);
    }
}
