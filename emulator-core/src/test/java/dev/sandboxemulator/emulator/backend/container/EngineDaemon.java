package dev.sandboxemulator.emulator.backend.container;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An engine's daemon (dockerd, or Podman's API service), killed and started again by a test the
 * way scripts/setup-docker.sh starts it (no systemd here): the same command line, in a session of
 * its own, with only its PATH (which finds the criu wrapper) and HOME, its output appended to the
 * script's log. {@link #close} starts it again if the test left it stopped, whatever happened.
 */
final class EngineDaemon implements AutoCloseable {
    private static final Duration START_WAIT = Duration.ofSeconds(90);

    private final String engine;
    private final List<String> commandLine;
    private final String path;
    private final Path log;

    private EngineDaemon(String engine, List<String> commandLine, String path, Path log) {
        this.engine = engine;
        this.commandLine = commandLine;
        this.path = path;
        this.log = log;
    }

    /** The running daemon of {@code engine} ({@code docker} or {@code podman}). */
    static EngineDaemon of(String engine) {
        ProcessHandle daemon = find(engine).orElseThrow(() -> new IllegalStateException("no " + engine + " daemon runs"));
        List<String> commandLine = Arrays.stream(RuncProcesses.commandLine(daemon.pid()).strip().split(" "))
                .filter(word -> !word.isEmpty()).collect(Collectors.toList());
        String path = DaemonProcess.pathOf(engine.equals("docker") ? DaemonProcess.find("dockerd") : DaemonProcess.find("podman", "service"));
        Path log = Path.of(engine.equals("docker") ? "/var/log/sandbox-emulator-dockerd.log" : "/var/log/sandbox-emulator-podman.log");
        return new EngineDaemon(engine, commandLine, path, log);
    }

    private static Optional<ProcessHandle> find(String engine) {
        return ProcessHandle.allProcesses()
                .filter(p -> engine.equals("docker")
                        ? p.info().command().map(c -> c.endsWith("/dockerd")).orElse(false)
                        : RuncProcesses.commandLine(p.pid()).contains("podman system service"))
                .min((a, b) -> Long.compare(a.pid(), b.pid()));
    }

    /**
     * Kills the daemon (SIGKILL: a crash; a daemon stopped with SIGTERM lets the calls under way
     * finish first, so the fault would miss the stage the test aims at) and waits for its end.
     */
    void kill() {
        find(engine).ifPresent(daemon -> {
            daemon.destroyForcibly();
            daemon.onExit().join();
        });
    }

    /** Starts the daemon as setup-docker.sh does and waits until it answers. */
    void start() throws IOException, InterruptedException {
        if (find(engine).isEmpty()) {
            List<String> command = new ArrayList<>();
            command.add("setsid");
            command.addAll(commandLine);
            // From "/", as a service starts: the daemon outlives this JVM, and its children (conmon)
            // fail on every container once the folder they inherited is deleted (seen: a test
            // checkout removed after the run left podman unable to start any container).
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(new File("/"))
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().put("PATH", path);
            builder.environment().put("HOME", "/root");
            builder.start();
        }
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!answers()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + engine + " daemon did not answer within " + START_WAIT.toSeconds() + " s of its start"
                        + " (see " + log + ")");
            }
            Thread.sleep(200);
        }
    }

    boolean answers() {
        String host = engine.equals("docker") ? DockerApi.dockerHost() : PodmanEngine.serviceHost();
        try (DockerApi api = DockerApi.connect(host, Duration.ofSeconds(5))) {
            api.info();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Leaves the daemon running, as the test found it (a kill under way has ended: {@link #kill} waits for it). */
    @Override
    public void close() throws IOException, InterruptedException {
        start();
    }
}
