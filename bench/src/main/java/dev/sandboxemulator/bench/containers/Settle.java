package dev.sandboxemulator.bench.containers;

/**
 * A moment between two measured points, so that one point's aftermath (an engine's cleanup, dirty pages
 * written back, a reaped process) does not fall into the next point's time.
 */
final class Settle {
    private static final long MOMENT_MILLIS = 500;

    private Settle() {
    }

    static void moment() throws InterruptedException {
        Thread.sleep(MOMENT_MILLIS);
    }
}
