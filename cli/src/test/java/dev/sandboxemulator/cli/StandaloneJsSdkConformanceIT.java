package dev.sandboxemulator.cli;

import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

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

    private static final Path SUITE = Path.of("..", "conformance", "js").toAbsolutePath().normalize();
    /** Real containers are slower: every create, pause and clone starts or restores one. */
    private static final Map<String, Duration> SUITE_TIME_LIMIT =
            Map.of("simulated", Duration.ofMinutes(5), "docker", Duration.ofMinutes(15), "podman", Duration.ofMinutes(15));

    private StandaloneJar emulator;

    @AfterEach
    void stopEmulator() throws InterruptedException {
        if (emulator != null) {
            emulator.process().destroy();
            // The container backends remove their containers, images and checkpoints on the way out.
            assertThat(emulator.process().waitFor(60, TimeUnit.SECONDS))
                    .as("the emulator stops cleanly on SIGTERM; its output:%n%s", emulator.output()).isTrue();
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
        requireNodeAndSuite();

        Path log = Path.of("target", "js-conformance-" + backend + ".log").toAbsolutePath();
        ProcessBuilder npm = new ProcessBuilder("npm", "test").directory(SUITE.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        npm.environment().putAll(urls);
        npm.environment().put("NOVITA_API_KEY", "conformance-key");
        npm.environment().put("EMULATOR_BACKEND", backend);
        npm.environment().remove("NOVITA_DOMAIN");
        npm.environment().remove("NOVITA_DEBUG");
        Process run = npm.start();
        Duration limit = SUITE_TIME_LIMIT.get(backend);
        boolean finished = run.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
            run.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(finished).as("the JS suite finishes within %s; its output:%n%s", limit, output).isTrue();
        assertThat(run.exitValue()).as("npm test exit code; its output:%n%s", output).isZero();
    }

    private static void requireNodeAndSuite() throws Exception {
        boolean ready = Files.isDirectory(SUITE.resolve("node_modules").resolve("novita-sandbox")) || installSuite();
        if (System.getenv("CI") != null) {
            assertThat(ready).as("CI must provide Node and the suite's npm dependencies (npm ci in %s)", SUITE).isTrue();
        }
        assumeThat(ready).as("Node/npm and the npm dependencies of %s are needed; run npm ci there", SUITE).isTrue();
    }

    /** Installs the suite's locked dependencies; false when npm is missing or the registry unreachable. */
    private static boolean installSuite() throws InterruptedException {
        try {
            Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SUITE.toFile())
                    .redirectErrorStream(true).redirectOutput(new File(SUITE.toFile(), "npm-ci.log")).start();
            return install.waitFor(5, TimeUnit.MINUTES) && install.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
