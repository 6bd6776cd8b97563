package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The checkpoint and restore tools (runc, the podman command, and the CRIU below them) that an
 * emulator started and that run on after it died (kill -9 in the middle of a clone). They write
 * into its staging folder, and a restore may still make a container, so what the dead emulator
 * left is removed only once they have ended: they are given the time a checkpoint may take, then
 * killed. Each names a file of the dead emulator's staging folder on its command line. (A docker
 * restore runs in the daemon, not in a tool: {@link LeftoverReaper} kills its CRIU by container.)
 */
final class OrphanedTools {
    private static final System.Logger LOG = System.getLogger(OrphanedTools.class.getName());
    /** The name of the engines' default staging folder, {@code <engine root>/sandbox-emulator}. */
    static final String DEFAULT_FOLDER_NAME = "sandbox-emulator";

    private OrphanedTools() {
    }

    /**
     * Waits up to {@code limit} for the tools of dead emulators to end, then kills those still
     * running, with the processes below them; returns how many there were at first. Called before
     * the backend's first call to the engine: while a hung checkpoint holds a container's lock,
     * Podman's service answers nothing, not even its info. A tool is recognised by an argument in
     * a staging folder (below {@code configuredRoot}, or any {@code .../sandbox-emulator/<instance>}
     * folder) whose owner no longer runs.
     */
    static int awaitOrKill(Optional<Path> configuredRoot, Duration limit) {
        List<ProcessHandle> tools = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(arguments -> Arrays.stream(arguments)
                        .anyMatch(argument -> inDeadStagingFolder(argument, configuredRoot))).orElse(false))
                .collect(Collectors.toList());
        if (tools.isEmpty()) {
            return 0;
        }
        LOG.log(System.Logger.Level.INFO, tools.size() + " checkpoint or restore tool(s) of a dead emulator still run; waiting for them"
                + " to end");
        long deadline = System.nanoTime() + limit.toNanos();
        while (tools.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            ContainerBackend.sleep(100);
        }
        for (ProcessHandle tool : tools) {
            if (tool.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "killing " + tool.info().commandLine().orElse("process " + tool.pid())
                        + ": it outlived its dead emulator by more than " + limit.toSeconds() + " s");
                // CRIU first, so that the tool fails and thaws what it froze rather than be cut off mid-way.
                tool.descendants().forEach(ProcessHandle::destroyForcibly);
                tool.destroyForcibly();
                tool.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }
        return tools.size();
    }

    /** Whether {@code argument} is a path in the staging folder of an emulator that no longer runs. */
    static boolean inDeadStagingFolder(String argument, Optional<Path> configuredRoot) {
        String path = argument.startsWith("--") && argument.contains("=") ? argument.substring(argument.indexOf('=') + 1) : argument;
        if (!path.startsWith("/")) {
            return false;
        }
        Optional<Path> folder = configuredRoot.flatMap(root -> instanceFolder(path, root.toString() + "/"))
                .or(() -> instanceFolder(path, "/" + DEFAULT_FOLDER_NAME + "/"));
        return folder.map(f -> !HostProcess.isAlive(ownerOf(f))).orElse(false);
    }

    /** The folder right below {@code marker} in {@code path} (an instance's folder), when there is one. */
    private static Optional<Path> instanceFolder(String path, String marker) {
        int at = path.indexOf(marker);
        if (at < 0) {
            return Optional.empty();
        }
        int end = path.indexOf('/', at + marker.length());
        if (end < 0) {
            return Optional.empty();
        }
        Path folder = Path.of(path.substring(0, end));
        return Files.isRegularFile(folder.resolve(LeftoverReaper.OWNER_FILE)) ? Optional.of(folder) : Optional.empty();
    }

    private static String ownerOf(Path folder) {
        try {
            return Files.readString(folder.resolve(LeftoverReaper.OWNER_FILE)).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
