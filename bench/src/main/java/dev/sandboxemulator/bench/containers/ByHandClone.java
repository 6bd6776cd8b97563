package dev.sandboxemulator.bench.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clone a user would script with the engine's own command line, for comparison with the backend's: a
 * parent container started by hand from the image the backend gives sandboxes, running the same python
 * holder, cloned with the engine's checkpoint and restore commands. Docker's and Podman's commands agree on
 * everything here but the clone itself.
 */
abstract class ByHandClone {
    /** On every container this run starts by hand, to find them again whatever happens. */
    static final String LABEL = "dev.sandboxemulator.bench.by-hand";
    static final String RUN = Long.toString(ProcessHandle.current().pid());
    /** The start of the name of every container this run makes by hand. */
    static final String PREFIX = "sandbox-emulator-bench-" + RUN + "-";
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The image of the backend's sandboxes (ContainerOptions.BASE_IMAGE: the default template's). */
    static final String IMAGE = "sandbox-emulator/base:latest";

    final String engine;

    ByHandClone(String engine) {
        this.engine = engine;
    }

    static ByHandClone forEngine(String engine) {
        return switch (engine) {
            case "docker" -> new DockerByHand();
            case "podman" -> new PodmanByHand();
            default -> throw new IllegalArgumentException("no clone by hand for " + engine);
        };
    }

    /** {@code runs} clones of one parent holding {@code mib} MiB, each timed from the first command until the copy runs. */
    final List<Double> measure(int mib, int runs) throws InterruptedException {
        List<Double> samples = new ArrayList<>();
        String parent = uniqueName("parent");
        try {
            List<String> started = Cli.lines(Cli.run(engine, "run", "-d", "--name", parent, "--label", LABEL + "=" + RUN, IMAGE,
                    "python3", "-u", "-c", Programs.holder(mib)));
            String parentId = started.get(started.size() - 1);
            awaitReady(parent);
            for (int run = 0; run < runs; run++) {
                Settle.moment();
                String copy = uniqueName("copy");
                try {
                    long start = System.nanoTime();
                    cloneOnce(parent, parentId, copy);
                    samples.add((System.nanoTime() - start) / 1e6);
                    String state = Cli.run(engine, "inspect", "-f", "{{.State.Status}}", copy);
                    if (!state.equals("running")) {
                        throw new IllegalStateException(engine + "'s copy made by hand is " + state + ", not running");
                    }
                } finally {
                    remove(copy);
                    cleanUpClone(parent, copy);
                }
            }
        } finally {
            remove(parent);
        }
        return samples;
    }

    /**
     * The timed part: the engine's commands that leave {@code copy} running as a clone of {@code parent}
     * (its id as {@code run -d} printed it).
     */
    abstract void cloneOnce(String parent, String parentId, String copy);

    /** Removes what {@link #cloneOnce} made besides the copy's container (removed already), ignoring failures. */
    abstract void cleanUpClone(String parent, String copy);

    /** Removes whatever this run made by hand and a failure left, on this engine. */
    void sweep() {
        Cli.Result listed = Cli.tryRun(engine, "ps", "-aq", "--filter", "label=" + LABEL + "=" + RUN);
        if (listed.exitCode() == 0) {
            for (String id : Cli.lines(listed.output())) {
                remove(id);
            }
        }
    }

    /**
     * Removes a container at once. Podman's {@code rm -f} first stops it with a 10 s grace, which python as
     * PID 1 (no SIGTERM handler: the signal is ignored) would use up.
     */
    private void remove(String container) {
        if (engine.equals("podman")) {
            Cli.quietly("podman", "rm", "-f", "-t", "0", container);
        } else {
            Cli.quietly(engine, "rm", "-f", container);
        }
    }

    static String uniqueName(String role) {
        return PREFIX + role + "-" + NAMES.incrementAndGet();
    }

    private void awaitReady(String container) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Cli.run(engine, "logs", container).contains("ready")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + engine + " parent made by hand did not get ready: "
                        + Cli.run(engine, "logs", container));
            }
            Thread.sleep(100);
        }
    }
}
