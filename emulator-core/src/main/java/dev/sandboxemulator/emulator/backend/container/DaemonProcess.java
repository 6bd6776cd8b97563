package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A container engine's daemon as a host process, found by its command name. The tools the backend
 * runs itself (runc, podman) must find the same CRIU as the daemon: they get the daemon's PATH.
 */
final class DaemonProcess {
    private final long pid;

    private DaemonProcess(long pid) {
        this.pid = pid;
    }

    /** The running process with the lowest pid whose executable's name is {@code name} and whose command line contains {@code argument}. */
    static Optional<DaemonProcess> find(String name, String argument) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(command -> executableName(command).equals(name)).orElse(false))
                .filter(p -> argument.isEmpty() || p.info().commandLine().map(line -> line.contains(argument)).orElse(false))
                .min((a, b) -> Long.compare(a.pid(), b.pid()))
                .map(p -> new DaemonProcess(p.pid()));
    }

    /**
     * The last element of an executable's path: the name {@link #find} compares. Empty for what the
     * host may report of a process it is setting up or restoring: {@code /}, which has no last element,
     * or a string that is no path.
     */
    static String executableName(String command) {
        try {
            Path file = Path.of(command).getFileName();
            return file == null ? "" : file.toString();
        } catch (InvalidPathException e) {
            return "";
        }
    }

    static Optional<DaemonProcess> find(String name) {
        return find(name, "");
    }

    /** One variable of the daemon's environment. */
    Optional<String> environment(String variable) {
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                if (entry.startsWith(variable + "=")) {
                    return Optional.of(entry.substring(variable.length() + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read
        }
        return Optional.empty();
    }

    /** The daemon's PATH, else this process's. */
    static String pathOf(Optional<DaemonProcess> daemon) {
        return daemon.flatMap(d -> d.environment("PATH")).orElseGet(() -> System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
    }
}
