package dev.sandboxemulator.bench.junit;

import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The main of a fresh JVM that runs one {@code @SandboxTest} class ({@link OverheadTests.FirstSandboxTest})
 * and prints how long it took, from before the launcher is created until its run ends: JUnit's and
 * the extension's class loading, the emulator's start and stop, and the test, all cold.
 * {@link ColdJvm} starts it and reads the line.
 */
public final class ColdFirstTest {
    static final String PREFIX = "cold-first-test-millis=";

    private ColdFirstTest() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        ClassRun.nanos(LauncherFactory.create(), OverheadTests.FirstSandboxTest.class, 1);
        long elapsed = System.nanoTime() - start;
        System.out.println(PREFIX + elapsed / 1e6);
        System.out.flush();
        // the emulator is closed by now; exit without waiting on threads the JVM would otherwise linger for
        System.exit(0);
    }
}
