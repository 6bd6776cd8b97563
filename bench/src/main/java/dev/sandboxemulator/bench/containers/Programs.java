package dev.sandboxemulator.bench.containers;

/**
 * The python programs whose memory is cloned. Every one allocates the memory and touches every page
 * (a page never written is not dumped), prints {@code ready}, then sleeps in 10 ms steps.
 */
final class Programs {
    /** The ticker's step; a stall shorter than about this cannot be seen from inside. */
    static final double TICK_MILLIS = 10;
    /** Gaps longer than this are reported: twice the step, so that ordinary scheduling jitter is not. */
    static final double REPORTED_GAP_MILLIS = 20;

    private Programs() {
    }

    /** Holds {@code mib} MiB and sleeps: the parent of the floors and of the clones by hand. */
    static String holder(int mib) {
        return allocate(mib)
                + "while True: time.sleep(0.01)\n";
    }

    /**
     * Holds {@code mib} MiB and watches itself: each gap of more than 20 ms between its 10 ms ticks is printed
     * as {@code gap END MILLIS} (END: CLOCK_MONOTONIC seconds when it ran again, the clock Java's nanoTime reads
     * on Linux, and a container shares it with the host), and every 0.1 s {@code t NOW}, so a reader knows it
     * has everything up to NOW.
     */
    static String ticker(int mib) {
        return allocate(mib)
                + "last = time.monotonic()\n"
                + "beat = last\n"
                + "while True:\n"
                + "    time.sleep(0.01)\n"
                + "    now = time.monotonic()\n"
                + "    if now - last > " + REPORTED_GAP_MILLIS / 1000 + ": print(\"gap %.6f %.3f\" % (now, (now - last) * 1000), flush=True)\n"
                + "    if now - beat >= 0.1:\n"
                + "        print(\"t %.6f\" % now, flush=True)\n"
                + "        beat = now\n"
                + "    last = now\n";
    }

    /** {@code python3 -u -c '<program>'} for a shell: the program holds no single quote. */
    static String shellCommand(String python, String program) {
        if (program.contains("'")) {
            throw new IllegalArgumentException("the program must not hold a single quote");
        }
        return python + " -u -c '" + program + "'";
    }

    private static String allocate(int mib) {
        return "import time\n"
                + "b = bytearray(" + mib + " * 1024 * 1024)\n"
                + "for i in range(0, len(b), 4096): b[i] = 1\n"
                + "print(\"ready\", flush=True)\n";
    }
}
