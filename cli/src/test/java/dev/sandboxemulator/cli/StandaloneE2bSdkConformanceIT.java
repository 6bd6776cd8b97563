package dev.sandboxemulator.cli;

import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the standalone jar as a user would ({@code java -jar sandbox-emulator.jar --port 0
 * --backend B}) and runs, once per backend, the E2B-dialect suites of {@code conformance/js}
 * ({@code npm run test:e2b}): the official {@code e2b} 2.51.0 SDK (create on {@code /v2/sandboxes},
 * getInfo, list, files, commands, pause and connect, setTimeout, kill, fork, metrics, snapshots) and
 * the {@code @e2b/cli} 2.19.0 command line ({@code e2b sandbox list|info|pause|resume|exec|kill},
 * {@code snapshot list}). They read {@code E2B_API_URL}, {@code E2B_SANDBOX_URL} and
 * {@code E2B_API_KEY}, which this test derives from the URLs the jar prints.
 *
 * <p>Node and the suite's npm dependencies are needed: outside CI their absence skips this test with
 * the reason, under CI ({@code CI=true}) it fails it. The container backends are skipped with the
 * reason where they cannot run, or fail where they are required ({@link ContainerRequirement}).
 * {@code -Dconformance.backends=simulated} runs the simulated backend only.
 */
class StandaloneE2bSdkConformanceIT {
    /** The CLI tests start about 30 Node processes, each loading a 2 MB bundle: minutes on a busy machine. */
    private static final Map<String, Duration> SUITE_TIME_LIMIT =
            Map.of("simulated", Duration.ofMinutes(10), "docker", Duration.ofMinutes(15), "podman", Duration.ofMinutes(15));

    private StandaloneJar emulator;

    @AfterEach
    void stopEmulator() throws InterruptedException {
        if (emulator != null) {
            emulator.stopWithSigterm();
        }
    }

    @ParameterizedTest(name = "--backend {0}")
    @ValueSource(strings = {"simulated", "docker", "podman"})
    void theOfficialE2bSdkAndCliDriveTheStandaloneEmulator(String backend) throws Exception {
        NodeSuite.assumeBackendSelected(backend);
        if (!backend.equals("simulated")) {
            ContainerRequirement.assumeAvailable(backend);
        }
        emulator = StandaloneJar.start("--port", "0", "--backend", backend);
        NodeSuite.requireSuite();

        Duration limit = SUITE_TIME_LIMIT.get(backend);
        NodeSuite.Result run = NodeSuite.run("test:e2b",
                NodeSuite.e2bEnvironment(emulator.apiUrl(), emulator.urls().get("NOVITA_SANDBOX_URL"), backend),
                "e2b-conformance-" + backend, limit);

        assertThat(run.finished()).as("the E2B suites finish within %s; their output:%n%s", limit, run.output()).isTrue();
        assertThat(run.exitCode()).as("npm run test:e2b exit code; its output:%n%s%nthe emulator's:%n%s",
                run.output(), emulator.output()).isZero();
    }
}
