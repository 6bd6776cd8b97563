package dev.sandboxemulator.bench.containers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The physical floor of a clone: a bare {@code criu dump --leave-running} of a host python process holding
 * the memory, and a bare {@code criu restore -d} of those images, with the CRIU the engines use (the first
 * {@code criu} on their PATH) and the images on the same disk as theirs ({@code /var/tmp}, the root
 * filesystem that holds {@code /var/lib/docker} and Podman's store).
 *
 * <p>Each run starts a fresh process, because restoring needs the original's pid free: dump it (it keeps
 * running), kill it, restore the images into the same pid, kill the restored one.
 */
final class CriuFloor {
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final Path DISK = Path.of("/var/tmp");

    /** One row's samples; restore and both are empty when restoring did not work, with the reason. */
    record Samples(List<Double> dump, List<Double> restore, List<Double> dumpAndRestore, Optional<String> restoreFailure) {
    }

    private CriuFloor() {
    }

    static Samples measure(int mib, int runs) throws IOException, InterruptedException {
        List<Double> dump = new ArrayList<>();
        List<Double> restore = new ArrayList<>();
        List<Double> both = new ArrayList<>();
        Optional<String> restoreFailure = Optional.empty();
        Path work = Files.createTempDirectory(DISK, "sandbox-emulator-bench-floor");
        try {
            for (int run = 0; run < runs; run++) {
                Settle.moment();
                Path images = Files.createDirectories(work.resolve("images-" + run));
                Process holder = startHolder(mib, work.resolve("holder-" + run + ".out"));
                long pid = holder.pid();
                boolean restoring = false;
                try {
                    long start = System.nanoTime();
                    Cli.run("criu", "dump", "--leave-running", "-t", Long.toString(pid), "-D", images.toString(), "-o", "dump.log");
                    double dumped = (System.nanoTime() - start) / 1e6;
                    dump.add(dumped);
                    if (restoreFailure.isPresent()) {
                        continue;
                    }
                    // the restored process takes the original's pid (and session): it must be gone, and reaped
                    holder.destroyForcibly().waitFor();
                    Settle.moment();
                    restoring = true;
                    start = System.nanoTime();
                    Cli.Result restored = Cli.tryRun("criu", "restore", "-d", "-D", images.toString(), "-o", "restore.log");
                    double restoreMillis = (System.nanoTime() - start) / 1e6;
                    if (restored.exitCode() != 0 || !isRunning(pid)) {
                        restoreFailure = Optional.of("criu restore -d of a host process holding " + mib + " MiB failed here: "
                                + lastErrors(images.resolve("restore.log"), restored.output()));
                        continue;
                    }
                    restore.add(restoreMillis);
                    both.add(dumped + restoreMillis);
                } finally {
                    holder.destroyForcibly().waitFor();
                    if (restoring) {
                        killRestored(pid);
                    }
                }
            }
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
            }
        }
        return new Samples(dump, restore, both, restoreFailure);
    }

    /** Starts the holder in a session of its own (CRIU dumps only a whole session without --shell-job). */
    private static Process startHolder(int mib, Path output) throws IOException, InterruptedException {
        Process holder = new ProcessBuilder("setsid", PYTHON, "-u", "-c", Programs.holder(mib))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(output).contains("ready")) {
            if (System.nanoTime() > deadline || !holder.isAlive()) {
                holder.destroyForcibly().waitFor();
                throw new IllegalStateException("the floor's python process did not start: " + Files.readString(output));
            }
            Thread.sleep(20);
        }
        // setsid runs python in place when it is not a group leader, as a child of the JVM is not
        if (holder.descendants().findAny().isPresent()) {
            holder.destroyForcibly().waitFor();
            throw new IllegalStateException("setsid forked: the holder's pid is not the process to dump");
        }
        return holder;
    }

    private static boolean isRunning(long pid) {
        return state(pid).filter(state -> !state.equals("Z") && !state.equals("X")).isPresent();
    }

    /**
     * Kills the restored process, if there is one, and waits until it is gone: it is PID 1's child, and PID 1
     * here reaps it within seconds; the next run must not find its pid taken.
     */
    private static void killRestored(long pid) throws InterruptedException {
        if (isHolder(pid)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (state(pid).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Whether {@code pid} is a holder (not some other process that took the pid after a failed restore). */
    private static boolean isHolder(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).contains("bytearray(");
        } catch (IOException e) {
            return false;
        }
    }

    /** The state letter of {@code pid} from /proc (R, S, Z, ...), empty if there is no such process. */
    private static Optional<String> state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
        } catch (IOException | StringIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static String lastErrors(Path log, String output) {
        try {
            List<String> errors = Files.readAllLines(log).stream().filter(line -> line.contains("Error")).toList();
            return errors.isEmpty() ? output : String.join("; ", errors.subList(Math.max(0, errors.size() - 2), errors.size()));
        } catch (IOException e) {
            return output;
        }
    }
}
