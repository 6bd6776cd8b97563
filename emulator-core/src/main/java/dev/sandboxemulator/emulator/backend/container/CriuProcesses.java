package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds and kills the processes of a checkpoint or restore that went wrong: the CRIU processes
 * below the container's runc, and whatever a failed restore left in the container's cgroup (a
 * half-restored task whose CRIU died is re-parented to the host's init and may spin there).
 */
final class CriuProcesses {
    private CriuProcesses() {
    }

    /**
     * Kills every process below a runc that works on {@code container} (its id, or the name Podman
     * gave it); returns how many. A runc names the container's id; while Podman restores a container,
     * the backend knows only the name, which is on the command line of runc's parent, conmon
     * ({@code -n <name>}): Podman's API answers nothing about the container until the restore ends.
     */
    static int killFor(String container) {
        List<ProcessHandle> runcs = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(command -> command.endsWith("/runc") || command.equals("runc")).orElse(false))
                .filter(p -> names(p, container) || p.parent().map(parent -> names(parent, container)).orElse(false))
                .collect(Collectors.toList());
        int killed = 0;
        for (ProcessHandle runc : runcs) {
            for (ProcessHandle child : runc.descendants().collect(Collectors.toList())) {
                if (child.destroyForcibly()) {
                    killed++;
                }
            }
        }
        return killed;
    }

    /** What {@link #killUntilTheCallEnds} did: how many processes it killed, and whether the call ended. */
    record Hunt(int killed, boolean callEnded) {
    }

    /** Waits up to about a second for a hung call's end; true once it ended. */
    @FunctionalInterface
    interface CallEnd {
        boolean within1Second() throws InterruptedException;
    }

    /**
     * Kills the CRIU of {@code container}, again every second for up to 30 s, until {@code end} says
     * the hung call ended. Once is not enough: a listing can miss a CRIU that is starting, and runc may
     * start a second CRIU after the first is killed (seen in CI, on both engines: the call then ran 30 s
     * past its limit).
     */
    static Hunt killUntilTheCallEnds(String container, CallEnd end) throws InterruptedException {
        int killed = 0;
        for (int second = 0; second < 30; second++) {
            killed += killFor(container);
            if (end.within1Second()) {
                return new Hunt(killed, true);
            }
        }
        return new Hunt(killed, false);
    }

    /** Whether one word of the process's command line is {@code container}. */
    private static boolean names(ProcessHandle process, String container) {
        return process.info().arguments().map(arguments -> List.of(arguments).contains(container)).orElse(false);
    }

    /**
     * Removes the empty {@code /tmp/.criu.mntns.*} folders that a killed CRIU restore leaves (it
     * makes one for the mount namespace it builds), but only while no CRIU runs on the host: a
     * running restore may be using its own.
     */
    static void removeOrphanedWorkFolders() {
        boolean criuRuns = ProcessHandle.allProcesses()
                .anyMatch(p -> p.info().command().map(command -> command.endsWith("/criu")).orElse(false));
        if (criuRuns) {
            return;
        }
        try (java.nio.file.DirectoryStream<Path> folders = Files.newDirectoryStream(Path.of("/tmp"), ".criu.mntns.*")) {
            for (Path folder : folders) {
                try {
                    Files.delete(folder);    // only an empty folder goes
                } catch (IOException e) {
                    // not empty, or not ours to remove
                }
            }
        } catch (IOException e) {
            // no /tmp to look at
        }
    }

    /**
     * Kills every process still in the cgroup of a container that is not running (a failed restore's
     * leftovers); returns how many.
     */
    static int killCgroupMembers(String containerId) {
        int killed = 0;
        for (String pid : cgroupMembers(containerId)) {
            try {
                Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid.strip()));
                if (process.isPresent() && process.get().destroyForcibly()) {
                    killed++;
                }
            } catch (NumberFormatException e) {
                // not a pid
            }
        }
        return killed;
    }

    private static List<String> cgroupMembers(String containerId) {
        List<Path> candidates = List.of(
                Path.of("/sys/fs/cgroup/pids/docker", containerId, "cgroup.procs"),               // v1, cgroupfs driver
                Path.of("/sys/fs/cgroup/docker", containerId, "cgroup.procs"),                    // v2, cgroupfs driver
                Path.of("/sys/fs/cgroup/system.slice", "docker-" + containerId + ".scope", "cgroup.procs"),  // v2, systemd
                Path.of("/sys/fs/cgroup/pids/system.slice", "docker-" + containerId + ".scope", "cgroup.procs"));
        for (Path candidate : candidates) {
            try {
                return Files.readAllLines(candidate).stream().filter(line -> !line.isBlank()).collect(Collectors.toList());
            } catch (IOException e) {
                // not this layout
            }
        }
        return List.of();
    }
}
