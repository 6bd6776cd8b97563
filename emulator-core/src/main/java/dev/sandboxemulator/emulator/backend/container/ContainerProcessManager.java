package dev.sandboxemulator.emulator.backend.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.emulator.spi.ProcessException;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One container sandbox's processes: started through the supervisor, followed by the
 * {@link OutputPump}, and found again in the supervisor's files after a restore.
 *
 * <p>Ended processes are kept (for {@link #byPid}) only while they are among the last {@value #ENDED_KEPT}
 * to have ended when a process starts; older ones are forgotten with their folder, so a sandbox that runs
 * thousands of commands neither holds their output in memory nor hands their folders to every clone.
 */
final class ContainerProcessManager implements ProcessManager {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_WAIT = Duration.ofSeconds(10);
    /** How many ended processes {@link #byPid} still finds. */
    static final int ENDED_KEPT = 64;

    private final Supplier<ContainerRoot> root;
    private final OutputPump pump;
    private final ScheduledExecutorService timers;
    private final boolean switchUsers;
    private final Map<Integer, ContainerProcess> byPid = new ConcurrentHashMap<>();

    /**
     * {@code root} gives the running container's view, or null while it is stopped. Without
     * {@code switchUsers}, every process runs with uid 0 (only its environment names its user):
     * see {@link HostProcess#canDumpOtherUsers()}.
     */
    ContainerProcessManager(Supplier<ContainerRoot> root, OutputPump pump, ScheduledExecutorService timers, boolean switchUsers) {
        this.root = root;
        this.pump = pump;
        this.timers = timers;
        this.switchUsers = switchUsers;
    }

    private ContainerRoot running() {
        ContainerRoot current = root.get();
        if (current == null) {
            throw new ProcessException(ProcessException.Reason.FAILED_PRECONDITION, "the sandbox is not running");
        }
        return current;
    }

    @Override
    public SandboxProcess start(ProcessSpec spec) {
        ContainerRoot view = running();
        int[] ids = view.users().ids(spec.user()).orElseThrow(() -> new ProcessException(ProcessException.Reason.INVALID_ARGUMENT,
                "user '" + spec.user() + "' does not exist in the sandbox"));
        String processId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Path directory = Supervisor.processDirectory(view, processId);
        try {
            Files.createDirectories(directory);
            ObjectNode stored = toJson(spec);
            // The deadline goes with the process into a clone, whose copy of it then ends on time too.
            spec.timeout().ifPresent(timeout -> stored.put("deadline", Instant.now().plus(timeout).toEpochMilli()));
            Files.writeString(directory.resolve("spec.json"), stored.toString());
            Files.writeString(directory.resolve("run"), switchUsers ? Supervisor.runScript(spec, ids[0], ids[1])
                    : Supervisor.runScript(spec, 0, 0));
            if (spec.stdin()) {
                Files.createFile(directory.resolve("stdin"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a process in the sandbox", e);
        }
        forgetOldEnded(view);
        Supervisor.send(view, "start " + processId);
        int pid = awaitPid(directory, spec);
        ContainerProcess process = new ContainerProcess(processId, pid, spec, this::running);
        byPid.put(pid, process);
        pump.follow(process, root);
        spec.timeout().ifPresent(timeout -> killAt(process, Instant.now().plus(timeout)));
        return process;
    }

    /**
     * Kills {@code process} at {@code deadline} (wall-clock: real processes run in real time). A
     * deadline that passes while the sandbox is paused kills the process once it is resumed.
     */
    private void killAt(ContainerProcess process, Instant deadline) {
        long delay = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        timers.schedule(() -> {
            if (process.exit().isPresent()) {
                return;
            }
            if (root.get() == null) {
                killAt(process, Instant.now().plusSeconds(1));
                return;
            }
            try {
                process.signal(ProcessSignal.SIGKILL);
            } catch (RuntimeException e) {
                // the sandbox is gone: nothing left to kill
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private static int awaitPid(Path directory, ProcessSpec spec) {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        long pause = 1;
        while (System.nanoTime() < deadline) {
            try {
                return Integer.parseInt(Files.readString(directory.resolve("pid"), StandardCharsets.US_ASCII).strip());
            } catch (NoSuchFileException e) {
                sleep(pause);
                pause = Math.min(pause * 2, 20);
            } catch (IOException | NumberFormatException e) {
                sleep(pause);
            }
        }
        throw new ProcessException(ProcessException.Reason.INVALID_ARGUMENT, "the sandbox's supervisor did not start '"
                + spec.cmd() + "' within " + START_WAIT.toSeconds() + " s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessException(ProcessException.Reason.INVALID_ARGUMENT, "interrupted while starting a process");
        }
    }

    @Override
    public List<SandboxProcess> list() {
        return byPid.values().stream().filter(p -> p.exit().isEmpty())
                .sorted(Comparator.comparingInt(ContainerProcess::pid)).collect(Collectors.toList());
    }

    @Override
    public Optional<SandboxProcess> byPid(int pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    @Override
    public Optional<SandboxProcess> byTag(String tag) {
        return byPid.values().stream().filter(p -> p.exit().isEmpty() && p.spec().tag().filter(tag::equals).isPresent())
                .map(p -> (SandboxProcess) p).findFirst();
    }

    /**
     * Takes in the processes that a restored checkpoint brought (a clone's copies of its parent's
     * running processes): their folders are in the committed filesystem, the processes themselves in the
     * restored memory. Their output so far is replayed from the files. Folders of processes that had
     * ended are skipped.
     */
    void adoptRestored() {
        ContainerRoot view = running();
        Path processes = Supervisor.directory(view).resolve("p");
        List<Path> directories;
        try (Stream<Path> list = Files.list(processes)) {
            directories = list.sorted().collect(Collectors.toList());
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox's processes", e);
        }
        for (Path directory : directories) {
            if (Files.exists(directory.resolve(OutputPump.EXIT_FILE))) {
                // it had ended at the instant of the capture: the copy never ran it (envd lists running processes only)
                continue;
            }
            try {
                int pid = Integer.parseInt(Files.readString(directory.resolve("pid"), StandardCharsets.US_ASCII).strip());
                JsonNode stored = JSON.readTree(Files.readString(directory.resolve("spec.json")));
                ContainerProcess process = new ContainerProcess(directory.getFileName().toString(), pid, fromJson(stored), this::running);
                byPid.put(pid, process);
                pump.follow(process, root);
                if (stored.has("deadline")) {
                    killAt(process, Instant.ofEpochMilli(stored.get("deadline").asLong()));
                }
            } catch (IOException | RuntimeException e) {
                // a process that never got its pid (the checkpoint caught it starting): nothing to adopt
            }
        }
    }

    /** Drops the ended processes beyond the last {@value #ENDED_KEPT} (lowest pids first), and their folders. */
    private void forgetOldEnded(ContainerRoot view) {
        List<ContainerProcess> ended = byPid.values().stream().filter(p -> p.exit().isPresent())
                .sorted(Comparator.comparingInt(ContainerProcess::pid)).collect(Collectors.toList());
        for (ContainerProcess process : ended.subList(0, Math.max(0, ended.size() - ENDED_KEPT))) {
            byPid.remove(process.pid(), process);
            HostFolders.deleteQuietly(Supervisor.processDirectory(view, process.processId()));
        }
    }

    /** The sandbox is being destroyed: every process still running ends as killed. */
    void killAll() {
        for (ContainerProcess process : byPid.values()) {
            pump.forget(process);
            process.finish(ProcessExit.signalled(ProcessSignal.SIGKILL));
        }
    }

    private static ObjectNode toJson(ProcessSpec spec) {
        ObjectNode json = JSON.createObjectNode();
        json.put("cmd", spec.cmd());
        spec.args().forEach(json.putArray("args")::add);
        ObjectNode envs = json.putObject("envs");
        spec.envs().forEach(envs::put);
        json.put("cwd", spec.cwd());
        json.put("user", spec.user());
        json.put("stdin", spec.stdin());
        spec.tag().ifPresent(tag -> json.put("tag", tag));
        return json;
    }

    private static ProcessSpec fromJson(JsonNode json) {
        List<String> args = new ArrayList<>();
        json.path("args").forEach(arg -> args.add(arg.asText()));
        Map<String, String> envs = new LinkedHashMap<>();
        json.path("envs").fields().forEachRemaining(e -> envs.put(e.getKey(), e.getValue().asText()));
        return new ProcessSpec(json.path("cmd").asText(), args, envs, json.path("cwd").asText("/"), json.path("user").asText("root"),
                json.path("stdin").asBoolean(false), Optional.ofNullable(json.get("tag")).map(JsonNode::asText), Optional.empty());
    }
}
