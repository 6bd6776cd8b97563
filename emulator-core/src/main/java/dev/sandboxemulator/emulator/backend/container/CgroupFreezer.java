package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.BackendException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Freezes and thaws every process of a container through its cgroup's freezer, behind the
 * engine's back. Podman refuses to checkpoint a container it paused itself, but runc and CRIU dump
 * a container whose cgroup is frozen and leave it frozen: so the backend freezes, lets the engine
 * capture memory and files at that one instant, and thaws as soon as both are taken.
 */
final class CgroupFreezer {
    private static final long FREEZE_WAIT_NANOS = 10_000_000_000L;

    private final Path control;
    private final boolean unified;

    private CgroupFreezer(Path control, boolean unified) {
        this.control = control;
        this.unified = unified;
    }

    /** The freezer of the cgroup that host process {@code hostPid} (a container's PID 1) is in. */
    static CgroupFreezer of(int hostPid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Integer.toString(hostPid), "cgroup"));
        } catch (IOException e) {
            throw new BackendException("cannot read the cgroups of host process " + hostPid + ": " + e.getMessage(), e);
        }
        String unifiedPath = null;
        for (String line : lines) {
            String[] fields = line.split(":", 3);
            if (fields.length < 3) {
                continue;
            }
            if (List.of(fields[1].split(",")).contains("freezer")) {
                return new CgroupFreezer(Path.of("/sys/fs/cgroup/freezer" + fields[2], "freezer.state"), false);
            }
            if (fields[0].equals("0") && fields[1].isEmpty()) {
                unifiedPath = fields[2];
            }
        }
        if (unifiedPath != null && Files.exists(Path.of("/sys/fs/cgroup" + unifiedPath, "cgroup.freeze"))) {
            return new CgroupFreezer(Path.of("/sys/fs/cgroup" + unifiedPath, "cgroup.freeze"), true);
        }
        throw new BackendException("host process " + hostPid + " is in no cgroup with a freezer");
    }

    /** Freezes, and returns once every process is frozen. */
    void freeze() {
        write(unified ? "1" : "FROZEN");
        long deadline = System.nanoTime() + FREEZE_WAIT_NANOS;
        while (!isFrozen()) {
            if (System.nanoTime() > deadline) {
                thaw();
                throw new BackendException("the container's processes did not freeze within 10 s");
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** Thaws; a thawed cgroup, or one that is gone, is fine. */
    void thaw() {
        try {
            Files.writeString(control, unified ? "0" : "THAWED");
        } catch (IOException e) {
            // the container is gone: nothing left to thaw
        }
    }

    boolean isFrozen() {
        try {
            if (unified) {
                return Files.readAllLines(control.resolveSibling("cgroup.events")).contains("frozen 1");
            }
            return Files.readString(control).strip().equals("FROZEN");
        } catch (IOException e) {
            return false;
        }
    }

    private void write(String state) {
        try {
            Files.writeString(control, state);
        } catch (IOException e) {
            throw new BackendException("cannot freeze the container (" + control + "): " + e.getMessage(), e);
        }
    }
}
