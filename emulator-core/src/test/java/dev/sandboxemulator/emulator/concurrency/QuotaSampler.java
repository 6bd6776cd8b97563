package dev.sandboxemulator.emulator.concurrency;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watches running counts while other threads storm the emulator: a thread that reads each of its
 * {@link Reading}s over and over, as fast as it can, and remembers every reading above the quota. What
 * it observes are real instants of the service, so a count above the quota at any of them is a broken
 * invariant, however briefly it lasted.
 */
final class QuotaSampler implements AutoCloseable {

    /** One way of observing how many sandboxes run (or hold a running slot). */
    record Reading(String name, IntSupplier count) {
    }

    private final int quota;
    private final List<Reading> readings;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger samples = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final CountDownLatch sampling = new CountDownLatch(1);
    private final Thread thread;

    /** Returns once the first sample is taken, so that the storm the caller starts next is watched from its start. */
    QuotaSampler(int quota, List<Reading> readings) throws InterruptedException {
        this.quota = quota;
        this.readings = List.copyOf(readings);
        this.thread = new Thread(this::sample, "quota-sampler");
        thread.setDaemon(true);
        thread.start();
        sampling.await(30, TimeUnit.SECONDS);
    }

    private void sample() {
        do {
            for (Reading reading : readings) {
                int count;
                try {
                    count = reading.count().getAsInt();
                } catch (RuntimeException e) {
                    violations.add(reading.name() + " failed: " + e);
                    continue;
                }
                if (count > quota) {
                    violations.add(reading.name() + " read " + count + " running, over the quota of " + quota);
                }
            }
            samples.incrementAndGet();
            sampling.countDown();
        } while (!stop.get());
    }

    /** Stops sampling and checks that it sampled at all and never saw the quota exceeded. */
    void stopAndCheck() throws InterruptedException {
        close();
        assertThat(samples.get()).as("samples taken while the threads ran").isPositive();
        assertThat(violations).as("readings above the quota of %d", quota).isEmpty();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
