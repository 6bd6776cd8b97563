package dev.sandboxemulator.bench.containers;

import dev.sandboxemulator.client.CommandHandle;

import java.util.concurrent.TimeUnit;

/**
 * Reads the stalls of a sandbox's {@link Programs#ticker ticker} from its output: the longest time its process
 * went without running within a window of the host's monotonic clock. The ticker stamps its lines with
 * CLOCK_MONOTONIC, which {@link System#nanoTime()} reads on Linux and which a container shares with its host
 * (neither engine gives it a time namespace); {@link #awaitReady()} checks that the two agree.
 */
final class TickerWatch {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final CommandHandle ticker;

    TickerWatch(CommandHandle ticker) {
        this.ticker = ticker;
    }

    /** Waits for the ticker to hold its memory and tick, and checks that its clock is this JVM's. */
    void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        double beat;
        while ((beat = lastBeatSeconds()) < 0) {
            if (ticker.exitCode().isPresent()) {
                throw new IllegalStateException("the parent's ticker exited with " + ticker.exitCode().get() + " before it ticked: "
                        + ticker.stdout() + ticker.stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the parent's ticker did not start: " + ticker.stdout() + ticker.stderr());
            }
            Thread.sleep(50);
        }
        double lag = System.nanoTime() / 1e9 - beat;
        if (lag < -1 || lag > 10) {
            throw new IllegalStateException("the sandbox's monotonic clock is not the host's (the ticker's beat is " + lag
                    + " s behind this JVM's): its stalls cannot be placed in time");
        }
    }

    /**
     * The longest gap between the ticker's 10 ms ticks that overlaps [{@code startNanos}, {@code endNanos}], in
     * milliseconds; {@link Programs#TICK_MILLIS} when no gap over {@link Programs#REPORTED_GAP_MILLIS} ms did
     * (shorter gaps are not reported). Waits for a beat stamped after the window: the output up to it is complete.
     */
    double longestGapMillis(long startNanos, long endNanos) throws InterruptedException {
        double start = startNanos / 1e9;
        double end = endNanos / 1e9;
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (lastBeatSeconds() < end) {
            if (ticker.exitCode().isPresent() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the parent's ticker stopped ticking after a clone: " + ticker.stderr());
            }
            Thread.sleep(20);
        }
        double longest = Programs.TICK_MILLIS;
        for (String line : ticker.stdout().split("\n")) {
            if (line.startsWith("gap ")) {
                String[] parts = line.trim().split(" ");
                double resumed = Double.parseDouble(parts[1]);
                double millis = Double.parseDouble(parts[2]);
                if (resumed >= start && resumed - millis / 1000 <= end) {
                    longest = Math.max(longest, millis);
                }
            }
        }
        return longest;
    }

    /** The stamp of the ticker's last complete beat line, -1 if none yet. */
    private double lastBeatSeconds() {
        String out = ticker.stdout();
        int end = out.lastIndexOf('\n');
        while (end > 0) {
            int begin = out.lastIndexOf('\n', end - 1) + 1;
            String line = out.substring(begin, end);
            if (line.startsWith("t ")) {
                return Double.parseDouble(line.substring(2).trim());
            }
            end = begin - 1;
        }
        return -1;
    }
}
