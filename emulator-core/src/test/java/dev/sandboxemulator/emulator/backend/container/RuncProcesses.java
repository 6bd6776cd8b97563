package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The runc processes of the host, read straight from /proc for tests that act at a stage of a
 * clone (a checkpoint or restore visibly under way): a scan must be quick, those stages are short.
 */
public final class RuncProcesses {
    private RuncProcesses() {
    }

    /** The pids of the runc processes running {@code subcommand} ({@code checkpoint}, {@code restore}) with CRIU below them, that {@code picked} accepts by command line. */
    public static List<Long> withCriu(String subcommand, Predicate<String> picked) {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                String line = commandLine(pid);
                if ((line.startsWith("runc ") || line.contains("/runc ")) && line.contains(" " + subcommand + " ")
                        && criuRunsBelow(pid) && picked.test(line)) {
                    found.add(pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc changed under the scan: the caller scans again
        }
        return found;
    }

    /** Waits until {@link #withCriu} finds one; empty when none came within {@code limit}. */
    public static Optional<Long> await(String subcommand, Predicate<String> picked, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> found = withCriu(subcommand, picked);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
            Thread.sleep(5);
        }
        return Optional.empty();
    }

    private static boolean criuRunsBelow(long pid) {
        return ProcessHandle.of(pid).map(runc -> runc.descendants().anyMatch(p -> commandLine(p.pid()).contains("criu"))).orElse(false);
    }

    /** A process's command line, its arguments separated by spaces; empty when it is gone. */
    public static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
