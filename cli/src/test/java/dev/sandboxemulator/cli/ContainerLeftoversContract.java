package dev.sandboxemulator.cli;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.emulator.NoEmulatorErrorsExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.backend.container.EngineLeftovers;
import dev.sandboxemulator.emulator.backend.container.RuncProcesses;
import dev.sandboxemulator.emulator.behaviour.ContainerRequirement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a container backend (docker, podman) leaves on its engine's host when the standalone
 * emulator ends: nothing once it is stopped (SIGTERM), and nothing for long when it is killed
 * (SIGKILL), because the next emulator to start removes the containers, images and checkpoint
 * folders of owners that no longer run.
 *
 * <p>Everything is found through the labels the backend puts on what it makes:
 * {@code dev.sandboxemulator.sandbox=<id>}, {@code dev.sandboxemulator.owner=<pid>@<start time>}
 * and {@code dev.sandboxemulator.instance=<uuid>} (which also names its folder under
 * {@code <DockerRootDir>/sandbox-emulator}). Other emulators may run on the same daemon at the same
 * time; only the labels of the emulators started here are looked at.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
abstract class ContainerLeftoversContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LABEL_OWNER = "dev.sandboxemulator.owner";
    private static final String LABEL_INSTANCE = "dev.sandboxemulator.instance";

    private final List<StandaloneJar> started = new ArrayList<>();
    private final String engine;

    ContainerLeftoversContract(String engine) {
        this.engine = engine;
    }

    /** Per test rather than per class, so that a skip reports each test with the reason. */
    @BeforeEach
    void needsTheEngine() {
        ContainerRequirement.assumeAvailable(engine);
    }

    @AfterEach
    void stopWhatIsStillRunning() throws InterruptedException {
        for (StandaloneJar jar : started) {
            if (jar.process().isAlive()) {
                jar.process().destroy();
                if (!jar.process().waitFor(60, TimeUnit.SECONDS)) {
                    jar.process().destroyForcibly();
                }
            }
        }
    }

    @Test
    void theNextEmulatorRemovesWhatAKilledEmulatorLeftBehind() throws Exception {
        StandaloneJar dead = startJar();
        Leftover running = makeSandbox(dead.apiUrl());
        Leftover paused = makeSandbox(dead.apiUrl());
        assertThat(post(dead.apiUrl(), "/sandboxes/" + paused.sandboxId + "/pause", null).status).isEqualTo(204);
        // A clone keeps the parent's capture (on docker, a committed image labelled with the owner).
        JsonNode cloned = post(dead.apiUrl(), "/sandboxes/" + running.sandboxId + "/clone", "{\"count\":1}").json();
        String cloneId = cloned.get("sandboxes").get(0).get("sandboxID").asText();

        String owner = running.owner;
        assertThat(owner).as("the owner label names the emulator's process").startsWith(dead.process().pid() + "@");
        assertThat(paused.owner).isEqualTo(owner);
        assertThat(containersOf(cloneId)).as("the clone's container").hasSize(1);
        if (engine.equals("docker")) {
            assertThat(imagesLabelled(LABEL_OWNER, owner)).as("the clone's committed image").isNotEmpty();
        }
        Path stagingFolder = stagingFolder(running.instance);
        assertThat(stagingFolder).as("the emulator's checkpoint folder").isDirectory();

        dead.process().destroyForcibly();
        assertThat(dead.process().waitFor(30, TimeUnit.SECONDS)).as("kill -9 ends the emulator").isTrue();
        assertThat(containersLabelled(LABEL_OWNER, owner))
                .as("a killed emulator cannot clean up: its containers stay until another emulator starts")
                .hasSize(3);

        try (SandboxEmulator next = SandboxEmulator.builder().backend(engine).start()) {
            assertThat(next.backendName()).isEqualTo(engine);
            assertThat(containersOf(running.sandboxId)).as("the running sandbox's container").isEmpty();
            assertThat(containersOf(paused.sandboxId)).as("the paused sandbox's container").isEmpty();
            assertThat(containersOf(cloneId)).as("the clone's container").isEmpty();
            assertThat(containersLabelled(LABEL_OWNER, owner)).as("every container of the killed emulator").isEmpty();
            assertThat(imagesLabelled(LABEL_OWNER, owner)).as("every image of the killed emulator").isEmpty();
            assertThat(stagingFolder).as("the killed emulator's checkpoint folder").doesNotExist();
        }
    }

    @Test
    void theNextEmulatorCleansUpAfterAnEmulatorKilledWhileItCheckpointedAParent() throws Exception {
        killedInTheMiddleOfAClone("checkpoint");
    }

    @Test
    void theNextEmulatorCleansUpAfterAnEmulatorKilledWhileItRestoredACopy() throws Exception {
        killedInTheMiddleOfAClone("restore");
    }

    /**
     * kill -9 of the emulator while CRIU works for a clone ({@code stage}: the parent's
     * {@code checkpoint}, or the copy's {@code restore}): the parent may be left frozen, and runc,
     * CRIU or the podman command run on without it; here CRIU also hangs (SIGSTOP). The next
     * emulator waits for them for the CRIU timeout, then stops them, thaws and removes what they
     * worked on, and leaves the host as it was before.
     */
    private void killedInTheMiddleOfAClone(String stage) throws Exception {
        EngineLeftovers.Inventory before = EngineLeftovers.take(engine);
        StandaloneJar dead = startJar();
        Leftover parent = makeSandbox(dead.apiUrl());
        String parentContainer = containersOf(parent.sandboxId).get(0);
        Path stagingFolder = stagingFolder(parent.instance);
        CompletableFuture<Void> clone = CompletableFuture.runAsync(() -> {
            try {
                post(dead.apiUrl(), "/sandboxes/" + parent.sandboxId + "/clone", "{\"count\":1}");
            } catch (IOException e) {
                // the emulator is killed under it: expected
            }
        });
        Predicate<String> underWay = stage.equals("checkpoint")
                ? runc -> runc.contains(parentContainer) || runc.contains(parent.instance)
                : runc -> !runc.contains(parentContainer) && bundleIsAnEmulatorSandbox(runc);
        Optional<Long> runc = RuncProcesses.await(stage, underWay, Duration.ofSeconds(60));
        assertThat(runc).as("a CRIU %s under way for the clone; the emulator said:%n%s", stage, dead.output()).isPresent();
        // CRIU hangs (SIGSTOP), so that it still runs when the next emulator starts.
        List<Long> stalled = ProcessHandle.of(runc.get()).map(p -> p.descendants().map(ProcessHandle::pid).collect(Collectors.toList()))
                .orElse(List.of());
        for (long pid : stalled) {
            new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
        }

        dead.process().destroyForcibly();
        assertThat(dead.process().waitFor(30, TimeUnit.SECONDS)).as("kill -9 ends the emulator").isTrue();
        clone.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(runc.get()).map(ProcessHandle::isAlive).orElse(false))
                .as("the killed emulator's runc runs on, its CRIU hung").isTrue();

        // The next emulator gives the dead one's tools the CRIU timeout (5 s here) to end, then stops them.
        System.setProperty("sandbox.emulator.criuTimeout", "5s");
        SandboxEmulator started;
        try {
            started = SandboxEmulator.builder().backend(engine).start();
        } finally {
            System.clearProperty("sandbox.emulator.criuTimeout");
        }
        try (SandboxEmulator next = started) {
            assertThat(stalled).as("the hung CRIU processes").allMatch(pid -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(next.backendName()).isEqualTo(engine);
            assertThat(containersLabelled(LABEL_OWNER, parent.owner)).as("every container of the killed emulator").isEmpty();
            assertThat(containersOf(parent.sandboxId)).as("the parent's container, frozen or not").isEmpty();
            assertThat(imagesLabelled(LABEL_OWNER, parent.owner)).as("every image of the killed emulator").isEmpty();
            assertThat(stagingFolder).as("the killed emulator's checkpoint folder").doesNotExist();
            assertThat(ProcessHandle.of(runc.get()).map(ProcessHandle::isAlive).orElse(false))
                    .as("the runc of the killed emulator's %s", stage).isFalse();
            assertThat(processesNaming(stagingFolder.toString())).as("tools still working in the killed emulator's folder").isEmpty();
        }
        assertThat(EngineLeftovers.take(engine).newSince(before)).as("what is left on the host").isEmpty();
    }

    /** Whether the OCI bundle a runc command line names is a sandbox's ({@code E2B_SANDBOX=true} in its settings). */
    private static boolean bundleIsAnEmulatorSandbox(String runcCommandLine) {
        String[] words = runcCommandLine.split(" ");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("--bundle") || words[i].equals("-b")) {
                try {
                    return Files.readString(Path.of(words[i + 1], "config.json")).contains("E2B_SANDBOX=true");
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static List<String> processesNaming(String text) {
        return ProcessHandle.allProcesses().map(p -> RuncProcesses.commandLine(p.pid())).filter(line -> line.contains(text))
                .collect(Collectors.toList());
    }

    @Test
    void aStoppedEmulatorLeavesNothingBehind() throws Exception {
        StandaloneJar jar = startJar();
        Leftover sandbox = makeSandbox(jar.apiUrl());
        Leftover paused = makeSandbox(jar.apiUrl());
        assertThat(post(jar.apiUrl(), "/sandboxes/" + paused.sandboxId + "/pause", null).status).isEqualTo(204);
        JsonNode cloned = post(jar.apiUrl(), "/sandboxes/" + sandbox.sandboxId + "/clone", "{\"count\":1}").json();
        String cloneId = cloned.get("sandboxes").get(0).get("sandboxID").asText();
        if (engine.equals("docker")) {
            assertThat(imagesLabelled(LABEL_OWNER, sandbox.owner)).as("the clone's committed image").isNotEmpty();
        }
        Path stagingFolder = stagingFolder(sandbox.instance);
        assertThat(stagingFolder).isDirectory();

        jar.stopWithSigterm();

        assertThat(containersOf(sandbox.sandboxId)).as("the sandbox's container").isEmpty();
        assertThat(containersOf(paused.sandboxId)).as("the paused sandbox's container").isEmpty();
        assertThat(containersOf(cloneId)).as("the clone's container").isEmpty();
        assertThat(containersLabelled(LABEL_OWNER, sandbox.owner)).as("every container of the emulator").isEmpty();
        assertThat(imagesLabelled(LABEL_OWNER, sandbox.owner)).as("every image of the emulator").isEmpty();
        assertThat(stagingFolder).as("the emulator's checkpoint folder").doesNotExist();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** A sandbox made over HTTP, and the labels of its container. */
    private static final class Leftover {
        final String sandboxId;
        final String owner;
        final String instance;

        Leftover(String sandboxId, String owner, String instance) {
            this.sandboxId = sandboxId;
            this.owner = owner;
            this.instance = instance;
        }
    }

    private StandaloneJar startJar() throws IOException {
        StandaloneJar jar = StandaloneJar.start("--port", "0", "--backend", engine);
        started.add(jar);
        return jar;
    }

    private Leftover makeSandbox(String apiUrl) throws Exception {
        Response created = post(apiUrl, "/sandboxes", "{\"templateID\":\"base\"}");
        assertThat(created.status).as("create: %s", created.body).isEqualTo(201);
        String id = created.json().get("sandboxID").asText();
        List<String> containers = containersOf(id);
        assertThat(containers).as("the container of sandbox %s", id).hasSize(1);
        String owner = cli("inspect", "--format", "{{index .Config.Labels \"" + LABEL_OWNER + "\"}}", containers.get(0));
        String instance = cli("inspect", "--format", "{{index .Config.Labels \"" + LABEL_INSTANCE + "\"}}", containers.get(0));
        assertThat(owner).isNotBlank();
        assertThat(instance).isNotBlank();
        return new Leftover(id, owner, instance);
    }

    private Path stagingFolder(String instance) throws Exception {
        String root = engine.equals("docker") ? cli("info", "--format", "{{.DockerRootDir}}") : cli("info", "--format", "{{.Store.GraphRoot}}");
        return Path.of(root, "sandbox-emulator", instance);
    }

    /**
     * The containers of a sandbox, found by name ({@code sandbox-emulator-<id>-<instance>}): a podman
     * clone keeps its parent's labels, because Podman restores the captured container's settings.
     */
    private List<String> containersOf(String sandboxId) throws Exception {
        return lines(cli("ps", "--all", "--quiet", "--no-trunc", "--filter", "name=sandbox-emulator-" + sandboxId + "-"));
    }

    private List<String> containersLabelled(String label, String value) throws Exception {
        return lines(cli("ps", "--all", "--quiet", "--no-trunc", "--filter", "label=" + label + "=" + value));
    }

    private List<String> imagesLabelled(String label, String value) throws Exception {
        return lines(cli("images", "--all", "--quiet", "--no-trunc", "--filter", "label=" + label + "=" + value));
    }

    private static List<String> lines(String output) {
        return Arrays.stream(output.split("\n")).map(String::strip).filter(line -> !line.isEmpty())
                .distinct().collect(Collectors.toList());
    }

    /** Runs the engine's CLI ({@code docker} or {@code podman}) and returns its standard output, stripped; fails the test if it fails. */
    private String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(engine);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
        assertThat(process.exitValue()).as("%s exit code; output: %s", command, output).isZero();
        return output.strip();
    }

    private static final class Response {
        final int status;
        final String body;

        Response(int status, String body) {
            this.status = status;
            this.body = body;
        }

        JsonNode json() throws IOException {
            assertThat(status).as("status of a call answering %s", body).isBetween(200, 299);
            return JSON.readTree(body);
        }
    }

    /** A control-plane POST as the SDK sends it (java.net.http is not readable from this test module under failsafe). */
    private static Response post(String apiUrl, String path, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(apiUrl + path).openConnection();
        connection.setRequestMethod("POST");
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(120_000);
        connection.setRequestProperty("X-API-KEY", "leftovers-test");
        connection.setDoOutput(true);
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            connection.setRequestProperty("Content-Type", "application/json");
        }
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        connection.disconnect();
        return new Response(status, text);
    }
}
