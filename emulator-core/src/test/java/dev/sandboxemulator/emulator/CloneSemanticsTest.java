package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.InvalidArgumentException;
import dev.sandboxemulator.client.Lifecycle;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clone, as Novita documents it: copies of a running or paused sandbox that keep its filesystem,
 * with {@code count}, {@code strict} and {@code timeout} semantics, the quota, and no half-made
 * clone ever left behind. Over real HTTP through our client.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class CloneSemanticsTest {

    private static final int QUOTA = 6;

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().runningQuota(QUOTA).start();
    private final SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
            .apiKey("test").build();

    @AfterEach
    void close() {
        emulator.close();
    }

    static Stream<Arguments> parentStateStrictTimeout() {
        return Stream.of(true, false).flatMap(running -> Stream.of(true, false).flatMap(strict ->
                Stream.of(Optional.of(Duration.ofSeconds(90)), Optional.<Duration>empty())
                        .map(timeout -> Arguments.of(running ? SandboxState.RUNNING : SandboxState.PAUSED, strict, timeout))));
    }

    @ParameterizedTest(name = "{0} parent, strict={1}, timeout={2}")
    @MethodSource("parentStateStrictTimeout")
    void clonesAreRunningCopiesThatCarryTheParentsFilesAndMetadataWhileTheParentIsUnchanged(
            SandboxState parentState, boolean strict, Optional<Duration> timeout) {
        Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(10))
                .putMetadata("purpose", "clone-test").build());
        write(parent, "/home/user/progress.txt", "step 3 of 5");
        if (parentState == SandboxState.PAUSED) {
            parent.pause();
        }
        emulator.manualClock().advance(Duration.ofMinutes(1));
        SandboxInfo parentBefore = parent.info();
        Instant now = emulator.clock().instant();

        CloneRequest.Builder request = CloneRequest.builder().count(3).strict(strict);
        timeout.ifPresent(request::timeout);
        CloneResult result = client.clone(parent.id(), request.build());

        assertThat(result.count()).isEqualTo(3);
        assertThat(result.snapshotTemplateId()).isPresent();
        assertThat(result.sandboxes()).extracting(Sandbox::id).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("i[a-z0-9]{20}").isNotEqualTo(parent.id()));
        Duration expectedLifetime = timeout.orElse(parentState == SandboxState.RUNNING
                ? Duration.ofMinutes(10) // the running parent's timeout configuration
                : Duration.ofMinutes(5)); // the documented default for a paused parent
        for (Sandbox clone : result.sandboxes()) {
            SandboxInfo info = clone.info();
            assertThat(info.state()).isEqualTo(SandboxState.RUNNING);
            assertThat(info.templateId()).isEqualTo("base");
            assertThat(info.metadata()).containsEntry("purpose", "clone-test");
            assertThat(info.startedAt()).isEqualTo(now);
            assertThat(info.endAt()).isEqualTo(now.plus(expectedLifetime));
            assertThat(read(clone, "/home/user/progress.txt")).isEqualTo("step 3 of 5");
        }
        SandboxInfo parentAfter = parent.info();
        assertThat(parentAfter.state()).isEqualTo(parentState);
        assertThat(parentAfter.endAt()).isEqualTo(parentBefore.endAt());
        assertThat(parentAfter.startedAt()).isEqualTo(parentBefore.startedAt());
    }

    @Test
    void eachCloneDivergesFromItsParentAndItsSiblings() {
        Sandbox parent = client.create();
        write(parent, "/home/user/state.txt", "shared");
        List<Sandbox> clones = client.clone(parent.id(), CloneRequest.builder().count(2).build()).sandboxes();

        write(clones.get(0), "/home/user/state.txt", "first");
        write(clones.get(1), "/home/user/only-second.txt", "second");
        write(parent, "/home/user/state.txt", "parent moved on");

        assertThat(read(clones.get(0), "/home/user/state.txt")).isEqualTo("first");
        assertThat(read(clones.get(1), "/home/user/state.txt")).isEqualTo("shared");
        assertThat(files(clones.get(0)).stat("/home/user/only-second.txt")).isEmpty();
        assertThat(files(parent).stat("/home/user/only-second.txt")).isEmpty();
    }

    @Test
    void clonesInheritTheParentsLifecycle() {
        Sandbox parent = client.create(CreateSandboxRequest.builder().lifecycle(Lifecycle.pauseOnTimeout(true)).build());

        Sandbox clone = client.clone(parent.id()).sandboxes().get(0);

        assertThat(clone.info().lifecycle()).contains(Lifecycle.pauseOnTimeout(true));
    }

    @Test
    void aCloneAcceptsTheIdWithAClientIdSuffix() {
        Sandbox parent = client.create();

        assertThat(client.clone(parent.id() + "-1a2b3c4d").count()).isEqualTo(1);
    }

    @Test
    void aClonesTimeoutIsCappedLikeAnyOther() {
        Sandbox parent = client.create();

        Sandbox clone = client.clone(parent.id(), CloneRequest.builder().timeout(Duration.ofHours(5)).build()).sandboxes().get(0);

        assertThat(clone.info().endAt()).isEqualTo(emulator.clock().instant().plus(Duration.ofHours(1)));
    }

    @Test
    void clonesExpireOnTheirOwnTimeoutsNotTheParents() {
        Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(10)).build());
        Sandbox clone = client.clone(parent.id(), CloneRequest.builder().timeout(Duration.ofMinutes(1)).build())
                .sandboxes().get(0);

        emulator.manualClock().advance(Duration.ofMinutes(1));

        assertThat(emulator.sandboxIds()).containsExactly(parent.id());
        assertThat(clone.isRunning()).isFalse();
    }

    @Nested
    class Quota {

        @Test
        void aCloneThatWouldExceedTheRunningQuotaIsRefusedWith429AndMakesNothing() {
            Sandbox parent = client.create();

            assertThatThrownBy(() -> client.clone(parent.id(), CloneRequest.builder().count(QUOTA).strict(false).build()))
                    .isInstanceOf(RateLimitException.class)
                    .hasMessageContaining("quota");
            assertThat(emulator.sandboxIds()).containsExactly(parent.id());
        }

        @Test
        void exactlyTheQuotaLeftCanBeCloned() {
            Sandbox parent = client.create();

            assertThat(client.clone(parent.id(), CloneRequest.builder().count(QUOTA - 1).build()).count()).isEqualTo(QUOTA - 1);
            assertThat(emulator.runningCount()).isEqualTo(QUOTA);
        }

        @Test
        void aPausedParentFreesItsSlotForItsClones() {
            Sandbox parent = client.create();
            parent.pause();

            assertThat(client.clone(parent.id(), CloneRequest.builder().count(QUOTA).build()).count()).isEqualTo(QUOTA);
        }

        @Test
        void countBelowOneIsRejectedBeforeAnyRequestIsSent() {
            assertThatThrownBy(() -> CloneRequest.builder().count(0).build()).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void countBelowOneSentAnywayIsA400() {
            Sandbox parent = client.create();

            RawHttp.Response response = new RawHttp(emulator.apiUrl()).post("/sandboxes/" + parent.id() + "/clone", "{\"count\":0}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("message").asText()).contains("count");
        }

        @Test
        void aNegativeCloneTimeoutIsAnInvalidArgument() {
            Sandbox parent = client.create();

            RawHttp.Response response = new RawHttp(emulator.apiUrl())
                    .post("/sandboxes/" + parent.id() + "/clone", "{\"count\":1,\"timeout\":-1}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(emulator.sandboxIds()).containsExactly(parent.id());
            assertThat(InvalidArgumentException.class).isAssignableTo(SandboxException.class);
        }
    }

    @Nested
    class InjectedFailures {

        @ParameterizedTest(name = "copy #{0} fails")
        @ValueSource(ints = {1, 2, 3})
        void strictCloneFailsAndRemovesEveryCopyItMade(int failing) {
            Sandbox parent = client.create();
            emulator.faults().failNthClone(failing);
            int runningBefore = emulator.runningCount();

            assertThatThrownBy(() -> client.clone(parent.id(), CloneRequest.builder().count(3).strict(true).build()))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("clone failed")
                    .hasMessageContaining("injected clone failure");

            assertThat(emulator.sandboxIds()).containsExactly(parent.id());
            assertThat(emulator.runningCount()).isEqualTo(runningBefore);
            assertThat(client.getQuota().usage().concurrentInstances()).isEqualTo(1);
            assertThat(parent.info().state()).isEqualTo(SandboxState.RUNNING);
        }

        @Test
        void nonStrictCloneReturnsTheCopiesThatSucceeded() {
            Sandbox parent = client.create();
            emulator.faults().failClonesWhere(attempt -> attempt.index() == 1);

            CloneResult result = client.clone(parent.id(), CloneRequest.builder().count(3).strict(false).build());

            assertThat(result.count()).isEqualTo(2);
            assertThat(emulator.sandboxIds()).hasSize(3)
                    .containsAll(result.sandboxes().stream().map(Sandbox::id).collect(Collectors.toList()));
            assertThat(client.getQuota().usage().concurrentInstances()).isEqualTo(3);
        }

        @Test
        void nonStrictCloneWhereEveryCopyFailsIsAnErrorAndLeavesNothing() {
            Sandbox parent = client.create();
            emulator.faults().failClonesWhere(attempt -> true, "disk full");

            assertThatThrownBy(() -> client.clone(parent.id(), CloneRequest.builder().count(2).strict(false).build()))
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("disk full");
            assertThat(emulator.sandboxIds()).containsExactly(parent.id());
        }

        @Test
        void aRemovedFaultNoLongerFires() {
            Sandbox parent = client.create();
            CloneFaults.Registration fault = emulator.faults().failClonesWhere(attempt -> true);
            fault.remove();

            assertThat(client.clone(parent.id(), CloneRequest.builder().count(2).strict(true).build()).count()).isEqualTo(2);
        }

        @Test
        void faultsSeeWhichParentAndCopyTheyAreAbout() {
            Sandbox spared = client.create();
            Sandbox doomed = client.create();
            emulator.faults().failClonesWhere(attempt -> attempt.parentId().equals(doomed.id()));

            assertThat(client.clone(spared.id()).count()).isEqualTo(1);
            assertThatThrownBy(() -> client.clone(doomed.id())).isInstanceOf(SandboxException.class);
        }
    }

    @Nested
    class Suspension {

        @Test
        void callsToARunningParentWaitWhileItsSnapshotIsTakenAndSeeItRunning() throws Exception {
            Sandbox parent = client.create();
            CountDownLatch suspended = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            emulator.faults().duringCloneSnapshot(id -> {
                suspended.countDown();
                await(release);
            });

            CompletableFuture<CloneResult> clone = CompletableFuture.supplyAsync(() -> client.clone(parent.id()));
            assertThat(suspended.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<SandboxInfo> info = CompletableFuture.supplyAsync(parent::info);
            Thread.sleep(300); // give a call that does not wait every chance to finish early
            boolean answeredDuringSuspension = info.isDone();
            release.countDown();

            assertThat(answeredDuringSuspension).as("a call to the parent waits for the snapshot").isFalse();
            assertThat(info.get(10, TimeUnit.SECONDS).state()).isEqualTo(SandboxState.RUNNING);
            assertThat(clone.get(10, TimeUnit.SECONDS).count()).isEqualTo(1);
        }

        @Test
        void callsToOtherSandboxesDoNotWaitForAnotherSandboxsSnapshot() throws Exception {
            Sandbox parent = client.create();
            Sandbox bystander = client.create();
            CountDownLatch suspended = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            emulator.faults().duringCloneSnapshot(id -> {
                suspended.countDown();
                await(release);
            });

            CompletableFuture<CloneResult> clone = CompletableFuture.supplyAsync(() -> client.clone(parent.id()));
            try {
                assertThat(suspended.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(CompletableFuture.supplyAsync(bystander::info).get(10, TimeUnit.SECONDS).state())
                        .isEqualTo(SandboxState.RUNNING);
            } finally {
                release.countDown();
            }
            assertThat(clone.get(10, TimeUnit.SECONDS).count()).isEqualTo(1);
        }

        private void await(CountDownLatch latch) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SandboxFileSystem files(Sandbox sandbox) {
        return emulator.fileSystem(sandbox.id());
    }

    private void write(Sandbox sandbox, String path, String content) {
        files(sandbox).write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private String read(Sandbox sandbox, String path) {
        return new String(files(sandbox).read(path), StandardCharsets.UTF_8);
    }
}
