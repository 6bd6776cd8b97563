package dev.sandboxemulator.cli;

import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The emulator's container image as a Python or JS user runs it: builds it from the repository's
 * {@code Dockerfile} and the freshly packaged jar ({@code scripts/build-emulator-image.sh}, which
 * takes the Java runtime from a base image made locally, as no registry is reachable in CI), starts
 * it with {@code docker run -d -p 127.0.0.1::3000}, and drives it with the official SDKs'
 * conformance suites of {@code conformance/js}: Novita's ({@code npm test}) and E2B's
 * ({@code npm run test:e2b}). Then it checks that the image's healthcheck reports healthy, stops
 * the container with {@code docker stop} (SIGTERM) and checks that the emulator exited by itself.
 * The container and the image are removed whatever happened.
 *
 * <p>Needs docker, {@code sandbox-emulator/base} (scripts/setup-docker.sh) and Node with the suite's
 * npm dependencies: without them it is skipped with the reason, or fails where containers are
 * required ({@link ContainerRequirement#isRequired()}, as in CI) or under CI ({@code CI=true}) for Node.
 * {@code -Dconformance.backends=simulated} (or any list without {@code image}) leaves it out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatorImageJsSdkConformanceIT {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(5);
    private static final Duration SUITE_LIMIT = Duration.ofMinutes(10);

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String image = "sandbox-emulator-it:" + id;
    private final String container = "sandbox-emulator-it-" + id;
    private boolean imageBuilt;
    private boolean containerStarted;
    private Map<String, String> urls;

    @BeforeAll
    void buildAndStartTheImage() throws Exception {
        NodeSuite.assumeBackendSelected("image");
        Docker version = docker(Duration.ofSeconds(30), "version", "--format", "{{.Server.Version}}");
        if (version.exitCode != 0) {
            unavailable("docker does not answer: " + version.output);
        }
        if (docker(Duration.ofSeconds(30), "image", "inspect", "sandbox-emulator/base").exitCode != 0) {
            unavailable("the image sandbox-emulator/base is missing (scripts/setup-docker.sh builds it)");
        }
        NodeSuite.requireSuite();

        Path jar = REPOSITORY.resolve("cli/target/sandbox-emulator.jar");
        assertThat(jar).as("the standalone jar is built in the package phase").exists();
        imageBuilt = true; // from here on, whatever happens, the image is removed
        Docker build = run(BUILD_LIMIT, List.of("bash", REPOSITORY.resolve("scripts/build-emulator-image.sh").toString(), image));
        assertThat(build.exitCode).as("scripts/build-emulator-image.sh %s; its output:%n%s", image, build.output).isZero();

        containerStarted = true;
        Docker started = docker(Duration.ofMinutes(1), "run", "-d", "--name", container, "-p", "127.0.0.1::3000", image);
        assertThat(started.exitCode).as("docker run; its output:%n%s", started.output).isZero();
        Docker port = docker(Duration.ofSeconds(30), "port", container, "3000/tcp");
        assertThat(port.exitCode).as("docker port; its output:%n%s", port.output).isZero();
        String hostPort = port.output.lines().filter(line -> line.startsWith("127.0.0.1:")).findFirst()
                .orElseThrow(() -> new AssertionError("docker port printed no 127.0.0.1 mapping: " + port.output));
        String base = "http://" + hostPort;

        // The image prints the settings (serve's banner) once it listens.
        String logs = "";
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!logs.contains("NOVITA_API_URL=") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            logs = docker(Duration.ofSeconds(30), "logs", container).output;
        }
        assertThat(logs).as("the container's output").contains("NOVITA_API_URL=", "NOVITA_SANDBOX_URL=", "simulated backend");
        urls = Map.of("NOVITA_API_URL", base, "NOVITA_SANDBOX_URL", base);
    }

    @AfterAll
    void removeContainerAndImage() throws Exception {
        try {
            if (containerStarted) {
                docker(Duration.ofMinutes(1), "rm", "-f", container);
            }
        } finally {
            if (imageBuilt) {
                docker(Duration.ofMinutes(1), "rmi", "-f", image);
            }
        }
    }

    @Test
    @Order(1)
    void theOfficialNovitaSdkDrivesTheImage() throws Exception {
        NodeSuite.Result run = NodeSuite.run("test", NodeSuite.novitaEnvironment(urls, "simulated"), "image-js-conformance", SUITE_LIMIT);

        assertThat(run.finished()).as("the JS suite finishes within %s; its output:%n%s", SUITE_LIMIT, run.output()).isTrue();
        assertThat(run.exitCode()).as("npm test exit code; its output:%n%s%nthe container's:%n%s", run.output(), logs()).isZero();
    }

    @Test
    @Order(2)
    void theOfficialE2bSdkAndCliDriveTheImage() throws Exception {
        NodeSuite.Result run = NodeSuite.run("test:e2b",
                NodeSuite.e2bEnvironment(urls.get("NOVITA_API_URL"), urls.get("NOVITA_SANDBOX_URL"), "simulated"),
                "image-e2b-conformance", SUITE_LIMIT);

        assertThat(run.finished()).as("the E2B suites finish within %s; their output:%n%s", SUITE_LIMIT, run.output()).isTrue();
        assertThat(run.exitCode()).as("npm run test:e2b exit code; its output:%n%s%nthe container's:%n%s", run.output(), logs()).isZero();
    }

    @Test
    @Order(3)
    void theHealthcheckPassesAndDockerStopEndsTheEmulatorCleanly() throws Exception {
        // The image's HEALTHCHECK (every 30 s) reports healthy by now, or within a minute.
        String health = "";
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!health.equals("healthy") && System.nanoTime() < deadline) {
            health = docker(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Health.Status}}", container).output.strip();
            if (!health.equals("healthy")) {
                Thread.sleep(1000);
            }
        }
        assertThat(health).as("the container's health").isEqualTo("healthy");

        Docker stop = docker(Duration.ofMinutes(1), "stop", "--time", "30", container);
        assertThat(stop.exitCode).as("docker stop; its output:%n%s", stop.output).isZero();
        Docker state = docker(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}} {{.State.OOMKilled}}", container);
        // 143: the JVM ended on SIGTERM after its shutdown hooks ran; 137 would be docker's SIGKILL after the grace time.
        assertThat(state.output.strip()).as("exit code of the container after docker stop; its output:%n%s", logs())
                .isIn("143 false", "0 false");
    }

    private String logs() throws IOException, InterruptedException {
        return docker(Duration.ofSeconds(30), "logs", "--tail", "100", container).output;
    }

    private static void unavailable(String reason) {
        if (ContainerRequirement.isRequired()) {
            fail("the emulator image cannot be tested: " + reason + " (failing rather than skipping because docker is required: "
                    + ContainerRequirement.ENVIRONMENT_VARIABLE + " or -D" + ContainerRequirement.SYSTEM_PROPERTY + "=true is set)");
        }
        abort("the emulator image cannot be tested: " + reason);
    }

    private record Docker(int exitCode, String output) {
    }

    private static Docker docker(Duration limit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return run(limit, command);
    }

    private static Docker run(Duration limit, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("sandbox-emulator-image-it", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(REPOSITORY.toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            } catch (IOException e) {
                return new Docker(-1, command.get(0) + " cannot run: " + e.getMessage());
            }
            process.getOutputStream().close();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return new Docker(-1, String.join(" ", command) + " did not finish within " + limit + ":\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Docker(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
