package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.client.AuthenticationException;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.ForkRequest;
import dev.sandboxemulator.client.ForkResult;
import dev.sandboxemulator.client.Lifecycle;
import dev.sandboxemulator.client.ListSandboxesRequest;
import dev.sandboxemulator.client.ListSnapshotsRequest;
import dev.sandboxemulator.client.MetricsRequest;
import dev.sandboxemulator.client.Quota;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxMetric;
import dev.sandboxemulator.client.SandboxNotFoundException;
import dev.sandboxemulator.client.SandboxPage;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.client.SandboxStateException;
import dev.sandboxemulator.client.SnapshotInfo;
import dev.sandboxemulator.client.SnapshotPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our Java client against the emulator over real HTTP: every control-plane operation. */
@ExtendWith(NoEmulatorErrorsExtension.class)
class ClientAgainstEmulatorTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().runningQuota(10).start();
    private final SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
            .apiKey("test").build();

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void createThenGetInfoShowsWhatWasAskedFor() {
        Instant start = emulator.clock().instant();

        Sandbox sandbox = client.create(CreateSandboxRequest.builder()
                .template("base")
                .timeout(Duration.ofSeconds(120))
                .putMetadata("owner", "tests")
                .putEnv("GREETING", "hi")
                .lifecycle(Lifecycle.pauseOnTimeout(true))
                .build());
        SandboxInfo info = sandbox.info();

        assertThat(sandbox.id()).matches("i[a-z0-9]{20}");
        assertThat(sandbox.envdAccessToken()).isPresent();
        assertThat(info.state()).isEqualTo(SandboxState.RUNNING);
        assertThat(info.templateId()).isEqualTo("base");
        assertThat(info.metadata()).containsEntry("owner", "tests");
        assertThat(info.startedAt()).isEqualTo(start);
        assertThat(info.endAt()).isEqualTo(start.plusSeconds(120));
        assertThat(info.lifecycle()).contains(Lifecycle.pauseOnTimeout(true));
    }

    @Test
    void listFiltersByMetadataAndStateAndPagesThroughEverything() {
        for (int i = 0; i < 5; i++) {
            client.create(CreateSandboxRequest.builder().putMetadata("run", "a b&c").build());
        }
        Sandbox other = client.create(CreateSandboxRequest.builder().putMetadata("run", "other").build());
        other.pause();

        SandboxPage first = client.list(ListSandboxesRequest.builder().putMetadata("run", "a b&c").limit(2).build());
        List<SandboxInfo> all = client.listAll(ListSandboxesRequest.builder().putMetadata("run", "a b&c").limit(2).build())
                .collect(Collectors.toList());
        SandboxPage paused = client.list(ListSandboxesRequest.builder().states(SandboxState.PAUSED).build());

        assertThat(first.sandboxes()).hasSize(2);
        assertThat(first.hasNext()).isTrue();
        assertThat(all).hasSize(5).allSatisfy(info -> assertThat(info.metadata()).containsEntry("run", "a b&c"));
        assertThat(all.stream().map(SandboxInfo::sandboxId).distinct()).hasSize(5);
        assertThat(paused.sandboxes()).extracting(SandboxInfo::sandboxId).containsExactly(other.id());
        assertThat(paused.hasNext()).isFalse();
    }

    @Test
    void setTimeoutMovesTheEndBothWays() {
        Instant now = emulator.clock().instant();
        Sandbox sandbox = client.create();

        sandbox.setTimeout(Duration.ofMinutes(30));
        assertThat(sandbox.info().endAt()).isEqualTo(now.plus(Duration.ofMinutes(30)));
        sandbox.setTimeout(Duration.ofSeconds(10));
        assertThat(sandbox.info().endAt()).isEqualTo(now.plusSeconds(10));
    }

    @Test
    void pauseAndConnectFollowTheServicesStateMachine() {
        Sandbox sandbox = client.create();

        assertThat(sandbox.pause()).isTrue();
        assertThat(sandbox.pause()).as("already paused: 409 becomes false").isFalse();
        assertThat(sandbox.info().state()).isEqualTo(SandboxState.PAUSED);
        Sandbox resumed = client.connect(sandbox.id(), Duration.ofMinutes(2));

        assertThat(resumed.id()).isEqualTo(sandbox.id());
        assertThat(sandbox.info().state()).isEqualTo(SandboxState.RUNNING);
        assertThat(sandbox.info().endAt()).isEqualTo(emulator.clock().instant().plus(Duration.ofMinutes(2)));
    }

    @Test
    void forkGivesEachSlotARunningForkThatServesFilesAndCommandsOrItsError() {
        Sandbox parent = client.create();
        parent.files().write("note.txt", "before the fork");
        for (int i = 0; i < 7; i++) {
            client.create(); // 8 of 10 running: 2 slots left for 3 forks
        }

        ForkResult result = parent.fork(ForkRequest.builder().count(3).timeout(Duration.ofMinutes(1)).build());

        assertThat(result.slots()).hasSize(3);
        assertThat(result.sandboxes()).hasSize(2).allSatisfy(fork -> {
            assertThat(fork.id()).matches("i[a-z0-9]{20}").isNotEqualTo(parent.id());
            assertThat(fork.files().readText("note.txt")).isEqualTo("before the fork");
            assertThat(fork.commands().run("echo $E2B_SANDBOX_ID").stdout()).isEqualTo(fork.id() + "\n");
            assertThat(fork.info().endAt()).isEqualTo(emulator.clock().instant().plus(Duration.ofMinutes(1)));
        });
        assertThat(result.slots().get(2).error()).get().isInstanceOf(RateLimitException.class);
        parent.pause();
        assertThatThrownBy(parent::fork).isInstanceOf(SandboxStateException.class).hasMessageContaining("resume it first");
        assertThatThrownBy(() -> client.fork("inotasandbox000000000")).isInstanceOf(SandboxNotFoundException.class);
    }

    @Test
    void aKilledSandboxIsGoneForEveryCall() {
        Sandbox sandbox = client.create();

        assertThat(sandbox.kill()).isTrue();

        assertThat(sandbox.kill()).isFalse();
        assertThatThrownBy(sandbox::info).isInstanceOf(SandboxNotFoundException.class);
        assertThatThrownBy(() -> client.connect(sandbox.id())).isInstanceOf(SandboxNotFoundException.class)
                .hasMessageContaining(sandbox.id());
        assertThatThrownBy(() -> sandbox.setTimeout(Duration.ofMinutes(1))).isInstanceOf(SandboxNotFoundException.class);
        assertThatThrownBy(sandbox::pause).isInstanceOf(SandboxNotFoundException.class);
        assertThatThrownBy(() -> client.clone(sandbox.id())).isInstanceOf(SandboxNotFoundException.class);
        assertThatThrownBy(sandbox::metrics).isInstanceOf(SandboxNotFoundException.class);
    }

    @Test
    void aSandboxOpenedInTryWithResourcesIsKilledWhenTheBlockEnds() {
        String id;
        try (Sandbox sandbox = client.create()) {
            id = sandbox.id();
            assertThat(sandbox.info().state()).isEqualTo(SandboxState.RUNNING);
        }

        assertThatThrownBy(() -> client.getInfo(id)).isInstanceOf(SandboxNotFoundException.class);
    }

    @Test
    void closingASandboxThatIsAlreadyKilledOrClosedIsNotAnError() {
        Sandbox sandbox = client.create();
        assertThat(sandbox.kill()).isTrue();

        sandbox.close();
        sandbox.close();

        assertThat(client.list().sandboxes()).isEmpty();
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThatThrownBy(() -> client.getInfo("inotasandbox000000000")).isInstanceOf(SandboxNotFoundException.class);
        assertThat(client.kill("inotasandbox000000000")).isFalse();
    }

    @Test
    void metricsReportTheSandboxsDiskUse() {
        Sandbox sandbox = client.create();
        emulator.fileSystem(sandbox.id()).write("/home/user/data.bin", new byte[4096]);

        List<SandboxMetric> metrics = sandbox.metrics();

        assertThat(metrics).singleElement().satisfies(m -> {
            assertThat(m.diskUsed()).isEqualTo(4096);
            assertThat(m.timestamp()).isEqualTo(emulator.clock().instant());
        });
    }

    @Test
    void metricsInATimeRangeHoldOnlyTheSamplesTakenInIt() {
        Sandbox sandbox = client.create();
        Instant created = emulator.clock().instant();

        List<SandboxMetric> around = sandbox.metrics(MetricsRequest.builder()
                .start(created.minusSeconds(60)).end(created.plusSeconds(60)).build());
        List<SandboxMetric> later = client.getMetrics(sandbox.id(), MetricsRequest.builder()
                .start(created.plusSeconds(3600)).build());

        assertThat(around).isNotEmpty().allSatisfy(m -> assertThat(m.timestamp()).isBetween(created.minusSeconds(60),
                created.plusSeconds(60)));
        assertThat(later).isEmpty();
    }

    @Test
    void quotaReportsTheLimitAndWhatRunningSandboxesUse() {
        client.create();
        client.create().pause();

        Quota quota = client.getQuota();

        assertThat(quota.limit().concurrentInstances()).isEqualTo(10);
        assertThat(quota.usage().concurrentInstances()).isEqualTo(1);
    }

    @Test
    void creatingBeyondTheQuotaIsARateLimitError() {
        for (int i = 0; i < 10; i++) {
            client.create();
        }

        assertThatThrownBy(client::create).isInstanceOf(RateLimitException.class)
                .hasMessageContaining("quota")
                .satisfies(e -> assertThat(((RateLimitException) e).statusCode()).isEqualTo(429));
    }

    @Test
    void aSnapshotIsATemplateThatNewSandboxesStartFrom() {
        Sandbox source = client.create();
        emulator.fileSystem(source.id()).write("/home/user/prepared.txt", "ready".getBytes(StandardCharsets.UTF_8));

        SnapshotInfo snapshot = client.createSnapshot(source.id());
        emulator.fileSystem(source.id()).write("/home/user/prepared.txt", "changed later".getBytes(StandardCharsets.UTF_8));
        Sandbox fromSnapshot = client.create(CreateSandboxRequest.builder().template(snapshot.snapshotId()).build());
        SnapshotPage listed = client.listSnapshots(ListSnapshotsRequest.builder().sandboxId(source.id()).build());

        assertThat(new String(emulator.fileSystem(fromSnapshot.id()).read("/home/user/prepared.txt"), StandardCharsets.UTF_8))
                .isEqualTo("ready");
        assertThat(listed.snapshots()).extracting(SnapshotInfo::snapshotId).containsExactly(snapshot.snapshotId());
        assertThat(client.deleteSnapshot(snapshot.snapshotId())).isTrue();
        assertThat(client.deleteSnapshot(snapshot.snapshotId())).isFalse();
    }

    @Test
    void snapshotsArePagedThroughWithTheNextRequestOfEachPage() {
        Sandbox first = client.create();
        Sandbox second = client.create();
        String a = client.createSnapshot(first.id()).snapshotId();
        String b = client.createSnapshot(first.id()).snapshotId();
        String other = client.createSnapshot(second.id()).snapshotId();

        SnapshotPage page1 = client.listSnapshots(ListSnapshotsRequest.builder().sandboxId(first.id()).limit(1).build());
        SnapshotPage page2 = client.listSnapshots(page1.nextRequest());

        assertThat(page1.snapshots()).hasSize(1);
        assertThat(page2.snapshots()).hasSize(1);
        assertThat(page2.hasNext()).isFalse();
        assertThat(List.of(page1.snapshots().get(0).snapshotId(), page2.snapshots().get(0).snapshotId()))
                .containsExactlyInAnyOrder(a, b);
        assertThat(client.listSnapshots().snapshots()).extracting(SnapshotInfo::snapshotId)
                .containsExactlyInAnyOrder(a, b, other);
    }

    @Test
    void aClientWithTheWrongKeyIsRefused() {
        try (SandboxEmulator locked = SandboxEmulator.builder().apiKey("right").start()) {
            SandboxClient wrong = SandboxClient.builder().apiUrl(locked.apiUrl()).apiKey("wrong").build();

            assertThatThrownBy(wrong::create).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("invalid API key");
        }
    }

    @Test
    void aClientConfiguredFromTheEnvironmentReachesTheEmulator() {
        SandboxClient fromEnv = SandboxClient.builder()
                .environment(Map.of("NOVITA_API_URL", emulator.apiUrl(), "NOVITA_SANDBOX_URL", emulator.sandboxUrl(),
                        "NOVITA_API_KEY", "env-key"))
                .build();

        Sandbox sandbox = fromEnv.create();

        assertThat(client.getInfo(sandbox.id()).state()).isEqualTo(SandboxState.RUNNING);
        assertThat(Set.copyOf(emulator.sandboxIds())).containsExactly(sandbox.id());
    }
}
