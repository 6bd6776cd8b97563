package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Facts about host processes, read from /proc: enough to tell a live process from a reused pid. */
final class HostProcess {
    private HostProcess() {
    }

    /** The process's start time in clock ticks since boot (field 22 of /proc/PID/stat); empty if it is not running. */
    static Optional<String> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(fields[19]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** This JVM, as {@code pid@starttime}: what labels the containers it makes. */
    static String self() {
        long pid = ProcessHandle.current().pid();
        return pid + "@" + startTime(pid).orElse("?");
    }

    /** Whether the process an {@link #self()} label names still runs (the same one, not a reused pid). */
    static boolean isAlive(String owner) {
        int at = owner.indexOf('@');
        if (at < 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(0, at));
            return startTime(pid).map(owner.substring(at + 1)::equals).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Whether CRIU, which runs with this host's root capabilities, can dump processes of other
     * users: it reads their resource limits with {@code prlimit}, which needs CAP_SYS_RESOURCE.
     * Some hosts (such as sandboxed CI VMs) withhold it even from root.
     */
    static boolean canDumpOtherUsers() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    long capabilities = Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16);
                    return (capabilities & (1L << CAP_SYS_RESOURCE)) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return true;
        }
        return true;
    }

    private static final int CAP_SYS_RESOURCE = 24;
}
