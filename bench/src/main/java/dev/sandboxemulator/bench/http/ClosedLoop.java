package dev.sandboxemulator.bench.http;

import dev.sandboxemulator.bench.Stats;
import dev.sandboxemulator.client.SandboxClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Concurrent clients of the Java client, each a thread with a {@link SandboxClient} of its own
 * (its own HTTP client and connections, as separate processes would have), each calling
 * {@link SandboxClient#getInfo} in a closed loop: the next request leaves when the previous
 * answer is in, so the load is what the server can answer, not what an open loop would push.
 */
final class ClosedLoop {
    private final List<SandboxClient> clients;
    private final String sandboxId;

    ClosedLoop(List<SandboxClient> clients, String sandboxId) {
        this.clients = List.copyOf(clients);
        this.sandboxId = sandboxId;
    }

    /** Loops for {@code length}, unmeasured: compiles the client's and the server's code paths. */
    void warmUp(Duration length) throws InterruptedException {
        run(length, 0, Duration.ZERO);
    }

    /** Loops for {@code warmup} unmeasured, then {@code rounds} rounds of {@code length} each. */
    List<Round> run(Duration warmup, int rounds, Duration length) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(clients.size(), task -> {
            Thread thread = new Thread(task, "bench-http-client");
            thread.setDaemon(true);
            return thread;
        });
        try {
            loopAll(threads, warmup);
            List<Round> measured = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                List<Double> latencies = loopAll(threads, length);
                // the round ends when the last request sent before the deadline has its answer
                double seconds = (System.nanoTime() - start) / 1e9;
                measured.add(new Round(Stats.percentile(latencies, 0.5), Stats.percentile(latencies, 0.99),
                        latencies.size(), seconds));
            }
            return measured;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every client loops until {@code length} has passed; returns every request's latency in milliseconds. */
    private List<Double> loopAll(ExecutorService threads, Duration length) throws InterruptedException {
        long deadline = System.nanoTime() + length.toNanos();
        List<Callable<double[]>> loops = new ArrayList<>();
        for (SandboxClient client : clients) {
            loops.add(() -> loop(client, deadline));
        }
        List<Double> latencies = new ArrayList<>();
        for (Future<double[]> loop : threads.invokeAll(loops)) {
            try {
                for (double latency : loop.get()) {
                    latencies.add(latency);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a client's request failed", e.getCause());
            }
        }
        return latencies;
    }

    private double[] loop(SandboxClient client, long deadline) {
        // a primitive buffer: boxing each sample in the loop would add garbage to what is timed
        double[] latencies = new double[1024];
        int count = 0;
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            client.getInfo(sandboxId);
            double millis = (System.nanoTime() - start) / 1e6;
            if (count == latencies.length) {
                latencies = java.util.Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = millis;
        }
        return java.util.Arrays.copyOf(latencies, count);
    }
}
