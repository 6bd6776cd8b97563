package dev.sandboxemulator.junit;

import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.ListSandboxesRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.ManualClock;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.emulator.SandboxTenant;
import dev.sandboxemulator.emulator.stub.CommandMatcher;
import dev.sandboxemulator.emulator.stub.StubBehavior;
import dev.sandboxemulator.junit.internal.BackendAvailability;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@link SandboxTest} as its users meet it: fixture classes (the static {@code *TestCase} classes
 * below, which Surefire does not run by themselves) run through the JUnit engine, and their
 * outcomes are checked.
 */
class SandboxExtensionTests {

    private static EngineExecutionResults run(Class<?> testCase, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase)).configurationParameters(configuration)
                .execute();
    }

    private static EngineExecutionResults run(Class<?> testCase) {
        return run(testCase, Map.of());
    }

    @Test
    void testsReceiveAClientAnEmulatorAndRuntimeInfoThatFitTogether() {
        run(InjectionTestCase.class).testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
    }

    @Test
    void aLeakedSandboxIsKilledAndFailsTheTestWhenAskedTo() {
        EngineExecutionResults results = run(LeakingTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("leavesASandboxRunning"),
                finishedWithFailure(message(m -> m.contains("left 1 sandbox alive (now killed)")
                        && m.contains("template base") && m.contains("purpose=forgotten")))));
    }

    @Test
    void aLeakIsReportedButDoesNotFailTheTestByDefaultAndTheLeakedSandboxIsGoneAfterIt() {
        EngineExecutionResults results = run(QuietLeakTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        List<String> reports = results.allEvents().reportingEntryPublished().stream()
                .flatMap(e -> e.getPayload(org.junit.platform.engine.reporting.ReportEntry.class).stream())
                .flatMap(entry -> entry.getKeyValuePairs().values().stream())
                .collect(Collectors.toList());
        assertThat(reports).anySatisfy(report -> assertThat(report).contains("left 1 sandbox alive"));
    }

    @Test
    void testsRunningInParallelNeverSeeEachOthersSandboxes() {
        EngineExecutionResults results = run(ParallelTestCase.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "3"));

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(ParallelTestCase.apiKeys).hasSize(3);
    }

    @Test
    void eachTestHasItsOwnManualClockAndItsStubsAndFaultsEndWithIt() {
        run(PerTestStateTestCase.class).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    void theDockerBackendIsSkippedWithTheReasonWhereItCannotRun() {
        Optional<String> unavailable = BackendAvailability.unavailableReason("docker");
        assumeTrue(unavailable.isPresent(), "docker runs on this machine; the skip path needs a machine without it");
        EngineExecutionResults results = run(DockerTestCase.class);

        results.containerEvents().assertThatEvents().haveExactly(1,
                event(skippedWithReason(r -> r.contains("docker backend is not available: " + unavailable.get()))));
        results.testEvents().assertStatistics(stats -> stats.started(0));
    }

    @Test
    void theDockerBackendFailsWithTheReasonWhenDockerIsRequired() {
        assumeTrue(BackendAvailability.unavailableReason("docker").isPresent(),
                "docker runs on this machine; the failure path needs a machine without it");
        EngineExecutionResults results = run(DockerTestCase.class, Map.of("sandbox.emulator.requireDocker", "true"));

        results.allEvents().assertThatEvents().haveAtLeastOne(event(finishedWithFailure(message(m ->
                m.contains("docker backend is not available") && m.contains("requireDocker")))));
        results.testEvents().assertStatistics(stats -> stats.succeeded(0));
    }

    @Test
    void theDockerBackendRunsRealSandboxesWhereItCan() {
        assumeTrue(BackendAvailability.unavailableReason("docker").isEmpty(), "docker cannot run on this machine");

        run(DockerTestCase.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void thePodmanBackendRunsRealSandboxesWhereItCan() {
        assumeTrue(BackendAvailability.unavailableReason("podman").isEmpty(), "podman cannot run on this machine");

        run(PodmanTestCase.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void anUnknownBackendIsAConfigurationErrorThatNamesTheChoices() {
        run(UnknownBackendTestCase.class).allEvents().assertThatEvents().haveAtLeast(1,
                event(finishedWithFailure(message(m -> m.contains("unknown sandbox backend 'lxc'")
                        && m.contains("simulated, docker or podman")))));
    }

    @Test
    void nestedParameterizedAndRepeatedTestsEachGetAScope() {
        run(NestedAndParameterizedTestCase.class).testEvents().assertStatistics(stats -> stats.started(6).succeeded(6));
    }

    @Test
    void aPerClassInstanceSharesTheSandboxItMadeBeforeAllAcrossItsTests() {
        run(PerClassTestCase.class).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    void aSandboxParameterWithoutNewSandboxFailsWithAHelpfulMessage() {
        run(MissingAnnotationTestCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("wantsASandbox"),
                finishedWithFailure(message(m -> m.contains("needs @NewSandbox")))));
    }

    @Test
    void anEmulatorOrTenantInsteadOfATeamFailsWithAMessageThatNamesSandboxTeam() {
        run(WantsTheEmulatorTestCase.class).testEvents().assertThatEvents()
                .haveExactly(1, event(test("wantsTheEmulator"), finishedWithFailure(message(m ->
                        m.contains("has type SandboxEmulator") && m.contains("declare it as SandboxTeam")))))
                .haveExactly(1, event(test("wantsTheTenant"), finishedWithFailure(message(m ->
                        m.contains("has type SandboxTenant") && m.contains("declare it as SandboxTeam")))));
        run(WantsATenantFieldTestCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("runs"),
                finishedWithFailure(message(m -> m.contains("@SandboxInject field tenant has type SandboxTenant")))));
    }

    @Test
    void theConfigurationParametersSetDefaultsForTheRun() {
        run(ConfiguredTestCase.class, Map.of("sandbox.emulator.runningQuota", "1", "sandbox.emulator.clock", "system"))
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    // -----------------------------------------------------------------------------------------
    // Fixtures, run only through EngineTestKit.

    @SandboxTest
    static class InjectionTestCase {
        @SandboxInject
        SandboxClient fieldClient;

        @SandboxInject
        SandboxTeam fieldTeam;

        @Test
        void parametersFitTogether(SandboxClient client, SandboxTeam team, SandboxRuntimeInfo info) {
            assertThat(info.apiKey()).isEqualTo(team.apiKey());
            assertThat(info.environment()).containsEntry("NOVITA_API_URL", team.apiUrl())
                    .containsEntry("NOVITA_SANDBOX_URL", team.sandboxUrl()).containsEntry("NOVITA_API_KEY", team.apiKey())
                    .containsEntry("E2B_API_URL", team.apiUrl()).containsEntry("E2B_SANDBOX_URL", team.sandboxUrl())
                    .containsEntry("E2B_API_KEY", team.apiKey());
            assertThat(info.apiKey()).as("E2B's Python SDK checks the key's form").matches("e2b_[0-9a-f]+");
            Sandbox sandbox = client.create();
            assertThat(team.sandboxIds()).containsExactly(sandbox.id());
            sandbox.kill();
        }

        @Test
        void fieldsPointAtTheSameTenantAsParameters(SandboxTeam team) {
            assertThat(fieldTeam.apiKey()).isEqualTo(team.apiKey());
            Sandbox sandbox = fieldClient.create();
            assertThat(team.sandboxIds()).containsExactly(sandbox.id());
            sandbox.kill();
        }

        @Test
        void aNewSandboxIsReadyAndCarriesWhatWasAsked(@NewSandbox(metadata = "role=fixture", envs = "MODE=test") Sandbox sandbox) {
            SandboxInfo info = sandbox.info();
            assertThat(info.state()).isEqualTo(SandboxState.RUNNING);
            assertThat(info.metadata()).containsEntry("role", "fixture");
            assertThat(sandbox.commands().run("echo $MODE").stdout()).isEqualTo("test\n");
        }

        @Test
        void theManualClockIsTheTestsOwn(SandboxTeam team) {
            assertThat(team.manualClock().instant()).isEqualTo(ManualClock.DEFAULT_START);
        }
    }

    @SandboxTest(onLeak = SandboxTest.Leaks.FAIL)
    static class LeakingTestCase {
        @Test
        @org.junit.jupiter.api.DisplayName("leaves a sandbox running")
        void leavesASandboxRunning(SandboxClient client) {
            client.create(CreateSandboxRequest.builder().putMetadata("purpose", "forgotten").build());
        }
    }

    @SandboxTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class QuietLeakTestCase {
        static SandboxTeam leakersTenant;

        @Test
        @Order(1)
        void leavesASandboxRunning(SandboxClient client, SandboxTeam team) {
            client.create();
            leakersTenant = team;
        }

        @Test
        @Order(2)
        void findsTheLeakedSandboxKilled() {
            assertThat(leakersTenant.sandboxIds()).isEmpty();
        }
    }

    @SandboxTest
    static class ParallelTestCase {
        static final CyclicBarrier allCreated = new CyclicBarrier(3);
        static final Set<String> apiKeys = ConcurrentHashMap.newKeySet();

        @Test
        void first(SandboxClient client, SandboxTeam team) throws Exception {
            createAndSeeOnlyMine(client, team);
        }

        @Test
        void second(SandboxClient client, SandboxTeam team) throws Exception {
            createAndSeeOnlyMine(client, team);
        }

        @Test
        void third(SandboxClient client, SandboxTeam team) throws Exception {
            createAndSeeOnlyMine(client, team);
        }

        private static void createAndSeeOnlyMine(SandboxClient client, SandboxTeam team) throws Exception {
            apiKeys.add(team.apiKey());
            Set<String> mine = Set.of(client.create().id(), client.create().id());
            allCreated.await(10, TimeUnit.SECONDS); // all three tests hold sandboxes at this moment
            Set<String> listed = client.listAll(ListSandboxesRequest.ALL).map(SandboxInfo::sandboxId).collect(Collectors.toSet());
            assertThat(listed).isEqualTo(mine);
        }
    }

    @SandboxTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerTestStateTestCase {
        @Test
        @Order(1)
        void movesItsClockAndPlantsAStub(SandboxTeam team, SandboxClient client) {
            team.manualClock().advance(Duration.ofHours(2));
            team.stubs().register(CommandMatcher.exact("deploy"), StubBehavior.stdout("deployed\n"));
            team.faults().failClonesWhere(attempt -> true);
            Sandbox sandbox = client.create();
            assertThat(sandbox.commands().run("deploy").stdout()).isEqualTo("deployed\n");
            sandbox.kill();
        }

        @Test
        @Order(2)
        void startsAfreshOnTheDefaultStart(SandboxTeam team, @NewSandbox Sandbox sandbox) {
            assertThat(team.manualClock().instant()).isEqualTo(ManualClock.DEFAULT_START);
            assertThat(sandbox.info().startedAt()).isEqualTo(ManualClock.DEFAULT_START);
            assertThat(sandbox.clone(dev.sandboxemulator.client.CloneRequest.DEFAULT).count()).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.commands().run("deploy"))
                    .hasMessageContaining("127");
        }
    }

    @SandboxTest(backend = "docker")
    static class DockerTestCase {
        @Test
        @org.junit.jupiter.api.DisplayName("needs docker")
        void needsDocker(SandboxClient client) {
            Sandbox sandbox = client.create();
            assertThat(sandbox.commands().run("cat /etc/debian_version").exitCode()).isZero();
            sandbox.kill();
        }
    }

    @SandboxTest(backend = "podman")
    static class PodmanTestCase {
        @Test
        @org.junit.jupiter.api.DisplayName("needs podman")
        void needsPodman(SandboxClient client) {
            Sandbox sandbox = client.create();
            assertThat(sandbox.commands().run("cat /etc/debian_version").exitCode()).isZero();
            sandbox.kill();
        }
    }

    @SandboxTest(backend = "lxc")
    static class UnknownBackendTestCase {
        @Test
        void never(SandboxClient client) {
            client.create();
        }
    }

    @SandboxTest
    static class NestedAndParameterizedTestCase {
        @ParameterizedTest
        @ValueSource(strings = {"a", "b"})
        void eachInvocationHasItsOwnSandboxes(String name, SandboxClient client, SandboxTeam team) {
            client.create(CreateSandboxRequest.builder().putMetadata("name", name).build()).kill();
            assertThat(team.sandboxIds()).isEmpty();
        }

        @RepeatedTest(2)
        void eachRepetitionStartsEmpty(SandboxTeam team, SandboxClient client) {
            assertThat(team.sandboxIds()).isEmpty();
            client.create();
        }

        @Nested
        class Inner {
            @Test
            void nestedTestsAreServedToo(SandboxClient client) {
                assertThat(client.create().isRunning()).isTrue();
            }

            @Test
            void andGetTheirOwnTenant(SandboxTeam team) {
                assertThat(team.sandboxIds()).isEmpty();
            }
        }
    }

    @SandboxTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassTestCase {
        String sharedId;

        @BeforeAll
        void prepare(SandboxClient client) {
            sharedId = client.create(CreateSandboxRequest.builder().putMetadata("role", "shared").build()).id();
        }

        @Test
        void theFirstTestSeesTheSharedSandbox(SandboxClient client) {
            assertThat(client.getInfo(sharedId).metadata()).containsEntry("role", "shared");
        }

        @Test
        void theSecondToo(SandboxClient client) {
            assertThat(client.getInfo(sharedId).state()).isEqualTo(SandboxState.RUNNING);
        }
    }

    @SandboxTest
    static class MissingAnnotationTestCase {
        @Test
        @org.junit.jupiter.api.DisplayName("wants a sandbox")
        void wantsASandbox(Sandbox sandbox) {
            sandbox.kill();
        }
    }

    @SandboxTest
    static class WantsTheEmulatorTestCase {
        @Test
        void wantsTheEmulator(SandboxEmulator emulator) {
        }

        @Test
        void wantsTheTenant(SandboxTenant tenant) {
        }
    }

    @SandboxTest
    static class WantsATenantFieldTestCase {
        @SandboxInject
        SandboxTenant tenant;

        @Test
        void runs() {
        }
    }

    @SandboxTest
    static class ConfiguredTestCase {
        @Test
        void runsOnTheSystemClockWithAQuotaOfOne(SandboxTeam team, SandboxClient client) {
            assertThat(team.clock()).isNotInstanceOf(ManualClock.class);
            client.create();
            org.assertj.core.api.Assertions.assertThatThrownBy(client::create)
                    .isInstanceOf(dev.sandboxemulator.client.RateLimitException.class);
        }
    }
}
