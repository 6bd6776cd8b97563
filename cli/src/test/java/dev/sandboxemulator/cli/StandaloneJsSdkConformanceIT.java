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
 * --backend B}), reads the URLs it prints, and runs the conformance suite of the official npm SDK
 * ({@code novita-sandbox} 2.1.1, in {@code conformance/js}) against it with Node, once per backend.
 * The suite learns the backend from {@code EMULATOR_BACKEND}.
 *
 * <p>Node and the suite's npm dependencies are needed. Outside CI, a machine without them skips
 * this test with the reason; under CI ({@code CI=true}) their absence fails it. The docker run
 * also needs the docker backend: without it, it is skipped with the reason, or fails when docker
 * is required ({@link ContainerRequirement}). {@code -Dconformance.backends=simulated} runs the simulated
 * backend only, without asking the container engines anything.
 */
class StandaloneJsSdkConformanceIT {

    /** Real containers are slower: every create, pause and clone starts or restores one. */
    private static final Map<String, Duration> SUITE_TIME_LIMIT =
            Map.of("simulated", Duration.ofMinutes(5), "docker", Duration.ofMinutes(15), "podman", Duration.ofMinutes(15));

    private StandaloneJar emulator;

    @AfterEach
    void stopEmulator() throws InterruptedException {
        if (emulator != null) {
            emulator.stopWithSigterm();
        }
    }

    @ParameterizedTest(name = "--backend {0}")
    @ValueSource(strings = {"simulated", "docker", "podman"})
    void theOfficialJsSdkDrivesTheStandaloneEmulator(String backend) throws Exception {
        NodeSuite.assumeBackendSelected(backend);
        if (!backend.equals("simulated")) {
            ContainerRequirement.assumeAvailable(backend);
        }
        emulator = StandaloneJar.start("--port", "0", "--backend", backend);
        Map<String, String> urls = emulator.urls();
        assertThat(urls).containsKeys("NOVITA_API_URL", "NOVITA_SANDBOX_URL");
        NodeSuite.requireSuite();

        Duration limit = SUITE_TIME_LIMIT.get(backend);
        NodeSuite.Result run = NodeSuite.run("test", NodeSuite.novitaEnvironment(urls, backend), "js-conformance-" + backend, limit);

        assertThat(run.finished()).as("the JS suite finishes within %s; its output:%n%s", limit, run.output()).isTrue();
        assertThat(run.exitCode()).as("npm test exit code; its output:%n%s", run.output()).isZero();
    }
}
