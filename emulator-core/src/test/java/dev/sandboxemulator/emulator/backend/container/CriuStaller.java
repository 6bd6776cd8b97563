package dev.sandboxemulator.emulator.backend.container;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Makes a CRIU restore hang, for a test: watches for a runc restore whose command line the test
 * picks (one restoring the test's own container), and stops (SIGSTOP) every process below it, that
 * is its CRIU and the tasks CRIU is restoring. Nothing else is touched.
 */
final class CriuStaller implements AutoCloseable {
    private final Predicate<String> picked;
    private final Set<Long> stopped = ConcurrentHashMap.newKeySet();
    private final Thread watcher;
    private volatile boolean running = true;

    private CriuStaller(Predicate<String> picked) {
        this.picked = picked;
        this.watcher = new Thread(this::watch, "criu-staller");
        this.watcher.setDaemon(true);
    }

    /** Starts watching; {@code picked} tells, from a restoring runc's command line, whether to stall it. */
    static CriuStaller stallRestores(Predicate<String> picked) {
        CriuStaller staller = new CriuStaller(picked);
        staller.watcher.start();
        return staller;
    }

    /** The pids stopped so far. */
    Set<Long> stopped() {
        return Set.copyOf(stopped);
    }

    private void watch() {
        while (running) {
            for (long runc : RuncProcesses.withCriu("restore", picked)) {
                ProcessHandle.of(runc).ifPresent(handle -> handle.descendants().forEach(p -> {
                    if (signal("STOP", p.pid())) {
                        stopped.add(p.pid());
                    }
                }));
            }
            sleep(5);
        }
    }

    private static boolean signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops watching, and lets go (SIGCONT, then SIGKILL) of whatever it stopped that still runs. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        watcher.join(5_000);
        for (long pid : stopped) {
            ProcessHandle.of(pid).ifPresent(p -> {
                signal("CONT", p.pid());
                p.destroyForcibly();
            });
        }
    }
}
