package dev.sandboxemulator.bench.containers;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Clones through the emulator's HTTP API with the project's client, as a user of the SDK clones. */
final class ApiClones {
    /** A background command: it runs until the sandbox dies. */
    static final RunOptions BACKGROUND = RunOptions.builder().timeout(Duration.ZERO).build();
    static final CreateSandboxRequest PARENT = CreateSandboxRequest.builder().timeout(Duration.ofMinutes(30)).build();

    private final SandboxClient client;

    ApiClones(SandboxClient client) {
        this.client = client;
    }

    /**
     * Besides the memory held, the sandbox's other processes (its supervisor, the shell and python's own
     * interpreter) and the page cache it is charged for need room below its memory limit.
     */
    private static final int HEADROOM_MIB = 32;

    /** One clone's time and the parent's stall during it, per run; or why they could not be measured. */
    record MemoryRow(List<Double> cloneMillis, List<Double> stallMillis, Optional<String> notMeasured) {
    }

    /**
     * {@code runs} clones (one copy each) of a parent whose python ticker holds {@code mib} MiB: the time from
     * sending the request until it answers, and the longest the ticker went without running meanwhile.
     */
    MemoryRow cloneHolding(int mib, int runs) throws InterruptedException {
        List<Double> clone = new ArrayList<>();
        List<Double> stall = new ArrayList<>();
        Sandbox parent = client.create(PARENT);
        try {
            int limit = parent.info().memoryMb();
            if (mib + HEADROOM_MIB > limit) {
                return new MemoryRow(clone, stall, Optional.of("a sandbox's memory is limited to its " + limit
                        + " MiB (SandboxEmulator.Builder.sandboxMemoryMb), so its process cannot hold " + mib + " MiB"));
            }
            TickerWatch ticker = new TickerWatch(parent.commands().start(Programs.shellCommand("python3", Programs.ticker(mib)), BACKGROUND));
            ticker.awaitReady();
            for (int run = 0; run < runs; run++) {
                Settle.moment();
                long start = System.nanoTime();
                List<Sandbox> copies = parent.clone(CloneRequest.builder().count(1).build()).sandboxes();
                long end = System.nanoTime();
                try {
                    expect(1, copies);
                    clone.add((end - start) / 1e6);
                    stall.add(ticker.longestGapMillis(start, end));
                } finally {
                    copies.forEach(Sandbox::kill);
                }
            }
        } finally {
            parent.kill();
        }
        return new MemoryRow(clone, stall, Optional.empty());
    }

    /**
     * For each of {@code counts}, {@code runs} clone requests for that many copies of an idle parent (its
     * process sleeping): the time from sending the request until it answers. The copies are killed untimed.
     */
    List<List<Double>> cloneCopies(List<Integer> counts, int runs) throws InterruptedException {
        List<List<Double>> rows = new ArrayList<>();
        Sandbox parent = client.create(PARENT);
        try {
            parent.commands().start("sleep 3600", BACKGROUND);
            for (int count : counts) {
                List<Double> samples = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    Settle.moment();
                    long start = System.nanoTime();
                    List<Sandbox> copies = parent.clone(CloneRequest.builder().count(count).strict(true).build()).sandboxes();
                    long end = System.nanoTime();
                    try {
                        expect(count, copies);
                        samples.add((end - start) / 1e6);
                    } finally {
                        copies.forEach(Sandbox::kill);
                    }
                }
                rows.add(samples);
            }
        } finally {
            parent.kill();
        }
        return rows;
    }

    /** A clone that answers with fewer copies than asked did not do what is being timed. */
    private static void expect(int count, List<Sandbox> copies) {
        if (copies.size() != count) {
            throw new IllegalStateException("asked for " + count + " copies, got " + copies.size());
        }
    }
}
