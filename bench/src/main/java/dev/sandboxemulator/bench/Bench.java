package dev.sandboxemulator.bench;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;
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
 *       one holding 256 MiB (copy-on-write should keep the ratio near 1).</li>
 * </ol>
 * Timings are medians of repeated runs after warm-up; the first (cold) run is reported apart.
 */
public final class Bench {
    private static final int WARMUP = 20;
    private static final int RUNS = 50;
    private static final int TESTS_PER_RUN = 50;

    private Bench() {
    }

    public static void main(String[] args) {
        extensionOverhead();
        cloneCost();
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
