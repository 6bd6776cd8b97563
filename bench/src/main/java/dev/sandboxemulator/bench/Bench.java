package dev.sandboxemulator.bench;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.emulator.backend.container.ContainerBackend;
import dev.sandboxemulator.emulator.backend.container.ContainerOptions;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.SandboxSpec;
import dev.sandboxemulator.junit.SandboxTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Measures, in one JVM and one run, each subject against a baseline, and prints ratios:
 * <ol>
 *   <li>the cost {@code @SandboxTest} adds to a test: a plain JUnit test class against the same
 *       class with {@code @SandboxTest} and a {@code SandboxClient} parameter that creates a sandbox;</li>
 *   <li>the cost of cloning as the parent's files grow: a clone of an empty sandbox against a clone of
 *       one holding 256 MiB (copy-on-write should keep the ratio near 1);</li>
 *   <li>where a container backend (docker, podman) can run: create, clone and pause/resume on it
 *       against the simulated backend, a clone of a parent whose process holds 256 MiB of memory
 *       against an idle one (CRIU writes the memory, so this ratio grows with it), and copies of
 *       one snapshot restored one at a time against several at once.</li>
 * </ol>
 * Timings are medians of repeated runs after warm-up; the first (cold) run is reported apart.
 */
public final class Bench {
    private static final int WARMUP = 20;
    private static final int RUNS = 50;
    private static final int TESTS_PER_RUN = 50;

    private Bench() {
    }

    /** Every section, or those named: {@code extension}, {@code clone}, {@code containers}, {@code concurrency}. */
    public static void main(String[] args) {
        List<String> sections = args.length > 0 ? List.of(args) : List.of("extension", "clone", "containers", "concurrency");
        if (sections.contains("extension")) {
            extensionOverhead();
        }
        if (sections.contains("clone")) {
            cloneCost();
        }
        for (String engine : List.of("docker", "podman")) {
            if (sections.contains("containers")) {
                containerCosts(engine);
            }
            if (sections.contains("concurrency")) {
                restoreConcurrency(engine);
            }
        }
    }

    /** Few runs (each container operation takes about a second); medians of {@value #DOCKER_RUNS}. */
    private static final int DOCKER_RUNS = 5;

    private static void containerCosts(String engine) {
        var unavailable = SandboxEmulator.backendUnavailableReason(engine);
        if (unavailable.isPresent()) {
            System.out.println(engine + " backend: not measured (" + unavailable.get() + ")");
            return;
        }
        try (SandboxEmulator simulated = SandboxEmulator.builder().start();
             SandboxEmulator onEngine = SandboxEmulator.builder().backend(engine).start()) {
            SandboxClient onSimulated = clientOf(simulated);
            SandboxClient onDocker = clientOf(onEngine);
            System.out.printf("%-58s%n", engine + " backend against the simulated one (medians of " + DOCKER_RUNS + ", over HTTP)");
            report(engine, "create + kill", medianOf(DOCKER_RUNS, () -> createAndKill(onSimulated)),
                    medianOf(DOCKER_RUNS, () -> createAndKill(onDocker)));
            Sandbox simulatedParent = onSimulated.create();
            Sandbox dockerParent = onDocker.create();
            report(engine, "clone of a running parent (one copy) + kill", medianOf(DOCKER_RUNS, () -> cloneAndKill(simulatedParent)),
                    medianOf(DOCKER_RUNS, () -> cloneAndKill(dockerParent)));
            report(engine, "pause + resume", medianOf(DOCKER_RUNS, () -> pauseAndResume(simulatedParent)),
                    medianOf(DOCKER_RUNS, () -> pauseAndResume(dockerParent)));

            Sandbox heavy = onDocker.create();
            var holder = heavy.commands().start("python3 -c 'import time; b = bytearray(256 * 1024 * 1024)\n"
                    + "for i in range(0, len(b), 4096): b[i] = 1\nprint(\"ready\", flush=True)\ntime.sleep(3600)'",
                    dev.sandboxemulator.client.RunOptions.builder().timeout(java.time.Duration.ZERO).build());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!holder.stdout().contains("ready") && System.nanoTime() < deadline) {
                sleep(200);
            }
            long idle = medianOf(DOCKER_RUNS, () -> cloneAndKill(dockerParent));
            long loaded = medianOf(DOCKER_RUNS, () -> cloneAndKill(heavy));
            System.out.printf("  %-56s %8.0f ms%n", engine + ": clone of an idle parent (baseline)", idle / 1e6);
            System.out.printf("  %-56s %8.0f ms  ratio %.2fx%n", engine + ": clone of a parent holding 256 MiB in memory",
                    loaded / 1e6, (double) loaded / idle);
        }
    }

    /**
     * A container backend's restores of one snapshot, one at a time against several at once: what
     * {@code ContainerOptions.restoreConcurrency} is set from.
     */
    private static void restoreConcurrency(String engine) {
        if (SandboxEmulator.backendUnavailableReason(engine).isPresent()) {
            return;
        }
        int copies = 4;
        try (ContainerBackend backend = ContainerBackend.connect(engine, ContainerOptions.defaults(java.util.Map.of()))) {
            SandboxSpec spec = new SandboxSpec("base", java.util.Map.of(), 1, 512, 1024);
            backend.create("bench-parent", spec);
            BackendSnapshot snapshot = backend.snapshot("bench-parent");
            System.out.printf("%-58s%n", engine + ": " + copies + " copies of one snapshot (restore + kill, medians of 3)");
            long baseline = 0;
            for (int concurrency : new int[] {1, 2, copies}) {
                long elapsed = medianOf(3, () -> restoreCopies(backend, snapshot, spec, copies, concurrency));
                if (concurrency == 1) {
                    baseline = elapsed;
                    System.out.printf("  %-56s %8.0f ms%n", "one at a time (baseline)", elapsed / 1e6);
                } else {
                    System.out.printf("  %-56s %8.0f ms  ratio %.2fx%n", concurrency + " at a time", elapsed / 1e6,
                            (double) elapsed / baseline);
                }
            }
            backend.discard(snapshot);
        }
    }

    private static long restoreCopies(ContainerBackend backend, BackendSnapshot snapshot, SandboxSpec spec, int copies, int concurrency) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(concurrency);
        List<java.util.concurrent.Callable<String>> restores = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            String id = "bench-copy-" + System.nanoTime() + "-" + i;
            restores.add(() -> {
                backend.restore(snapshot, id, spec);
                return id;
            });
        }
        long start = System.nanoTime();
        List<String> made = new ArrayList<>();
        try {
            for (java.util.concurrent.Future<String> copy : pool.invokeAll(restores)) {
                made.add(copy.get());
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a restore failed", e);
        } finally {
            pool.shutdown();
        }
        long elapsed = System.nanoTime() - start;
        made.forEach(backend::kill);
        return elapsed;
    }

    private static void report(String engine, String what, long simulated, long docker) {
        System.out.printf("  %-56s %8.2f ms%n", "simulated: " + what + " (baseline)", simulated / 1e6);
        System.out.printf("  %-56s %8.0f ms  ratio %.0fx%n", engine + ": " + what, docker / 1e6, (double) docker / simulated);
    }

    private static SandboxClient clientOf(SandboxTeam emulator) {
        return SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey(emulator.apiKey()).build();
    }

    private static long createAndKill(SandboxClient client) {
        long start = System.nanoTime();
        client.create().kill();
        return System.nanoTime() - start;
    }

    private static long pauseAndResume(Sandbox sandbox) {
        long start = System.nanoTime();
        sandbox.pause();
        sandbox.connect();
        return System.nanoTime() - start;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One JUnit run is one root store, hence one emulator: the first run of each class pays the
     * start-up (classes, JIT, the emulator); later runs of {@value #TESTS_PER_RUN} tests show the
     * cost per test.
     */
    private static void extensionOverhead() {
        Launcher launcher = LauncherFactory.create();
        long coldPlain = runClass(launcher, PlainOne.class, 1);
        long coldExtension = runClass(launcher, WithExtensionOne.class, 1);
        for (int i = 0; i < 5; i++) {
            runClass(launcher, Plain.class);
            runClass(launcher, WithExtension.class);
        }
        long plain = medianOf(7, () -> runClass(launcher, Plain.class)) / TESTS_PER_RUN;
        long extension = medianOf(7, () -> runClass(launcher, WithExtension.class)) / TESTS_PER_RUN;
        System.out.printf("%-58s%n", "@SandboxTest overhead");
        System.out.printf("  %-56s %8.2f ms%n", "first run, one plain test (cold JVM)", coldPlain / 1e6);
        System.out.printf("  %-56s %8.2f ms  +%.0f ms%n", "then one @SandboxTest test (emulator start, cold classes)",
                coldExtension / 1e6, (coldExtension - coldPlain) / 1e6);
        System.out.printf("  %-56s %8.3f ms%n", "baseline: plain test, warm (median per test)", plain / 1e6);
        System.out.printf("  %-56s %8.3f ms  ratio %.1fx%n", "@SandboxTest + SandboxClient + create + kill, per test",
                extension / 1e6, (double) extension / plain);
    }

    private static void cloneCost() {
        try (SandboxEmulator emulator = SandboxEmulator.builder().runningQuota(1000).start()) {
            SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
                    .apiKey(emulator.apiKey()).build();
            Sandbox empty = client.create();
            Sandbox heavy = client.create();
            byte[] chunk = new byte[32 * 1024 * 1024];
            for (int i = 0; i < 8; i++) {
                emulator.fileSystem(heavy.id()).write("/home/user/data/part-" + i + ".bin", chunk);
            }
            for (int i = 0; i < WARMUP; i++) {
                cloneAndKill(empty);
                cloneAndKill(heavy);
            }
            long baseline = median(() -> cloneAndKill(empty));
            long subject = median(() -> cloneAndKill(heavy));
            System.out.printf("%-58s%n", "clone cost against the parent's file size (clone + kill, over HTTP)");
            System.out.printf("  %-56s %8.2f ms%n", "baseline: parent with no files (median)", baseline / 1e6);
            System.out.printf("  %-56s %8.2f ms  ratio %.2fx%n", "parent holding 256 MiB (median)", subject / 1e6,
                    (double) subject / baseline);
        }
    }

    private static long cloneAndKill(Sandbox parent) {
        long start = System.nanoTime();
        parent.clone(CloneRequest.DEFAULT).sandboxes().forEach(Sandbox::kill);
        return System.nanoTime() - start;
    }

    private static long runClass(Launcher launcher, Class<?> testClass) {
        return runClass(launcher, testClass, TESTS_PER_RUN);
    }

    private static long runClass(Launcher launcher, Class<?> testClass, int expectedTests) {
        LauncherDiscoveryRequest discovery = request().selectors(selectClass(testClass)).build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(discovery, summary);
        long elapsed = System.nanoTime() - start;
        if (summary.getSummary().getTotalFailureCount() > 0 || summary.getSummary().getTestsSucceededCount() != expectedTests) {
            throw new IllegalStateException("benchmark test did not pass: " + summary.getSummary().getFailures());
        }
        return elapsed;
    }

    private static long median(LongSupplier run) {
        return medianOf(RUNS, run);
    }

    private static long medianOf(int runs, LongSupplier run) {
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(run.getAsLong());
        }
        Collections.sort(samples);
        return samples.get(runs / 2);
    }

    /** The baseline: a test that does what the subject's body does, minus the sandbox. */
    public static class Plain {
        @RepeatedTest(TESTS_PER_RUN)
        void test() {
            if (System.nanoTime() == 0) {
                throw new AssertionError();
            }
        }
    }

    /** A newcomer's first plain test. */
    public static class PlainOne {
        @org.junit.jupiter.api.Test
        void test() {
            if (System.nanoTime() == 0) {
                throw new AssertionError();
            }
        }
    }

    /** A newcomer's first sandbox test. */
    @SandboxTest
    public static class WithExtensionOne {
        @org.junit.jupiter.api.Test
        void test(SandboxClient client) {
            client.create().kill();
        }
    }

    /** The subject: the extension, an injected client, and one sandbox. */
    @SandboxTest
    public static class WithExtension {
        @RepeatedTest(TESTS_PER_RUN)
        void test(SandboxClient client) {
            client.create().kill();
        }
    }
}
