package dev.sandboxemulator.bench.containers;

import dev.sandboxemulator.bench.Experiment;
import dev.sandboxemulator.bench.Mode;
import dev.sandboxemulator.bench.Results;
import dev.sandboxemulator.bench.Section;
import dev.sandboxemulator.bench.Unit;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.ContainerBackendRequirement;
import dev.sandboxemulator.emulator.SandboxEmulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The container backends, docker and podman, with real CRIU: what a clone costs against the memory the parent
 * holds (with the physical floor, a bare CRIU dump and restore, and the same clone done by hand with the
 * engine's own commands), against the number of copies, and what create and pause + resume cost against the
 * simulated backend. An engine that cannot run here is noted and skipped.
 */
public final class ContainerSection implements Section {
    static final String CLONE_VS_MEMORY = "container-clone-vs-memory";
    static final String CLONE_VS_COUNT = "container-clone-vs-count";
    static final String LIFECYCLE = "container-lifecycle";
    private static final List<String> ENGINES = List.of("docker", "podman");
    /** 16 copies and their parent, with room for a copy the engine is still removing. */
    private static final int RUNNING_QUOTA = 40;
    /** Room for the largest row's 512 MiB beside python itself and the sandbox's supervisor (512 MiB is the default). */
    private static final int SANDBOX_MEMORY_MB = 1024;
    /** A docker clone of 16 copies, or of a parent holding 512 MiB, takes seconds; the client's 60 s default is near. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "containers";
    }

    @Override
    public void run(Mode mode, Results results) throws Exception {
        Experiment memory = results.experiment(CLONE_VS_MEMORY, "Clone of a running container against the memory its process holds",
                "memory held by the parent's process (MiB)", Unit.MILLIS,
                "Clone: from sending one clone request (one copy) over HTTP until it answers with its copy running, for a sandbox"
                        + " whose python process holds the memory (every page touched); stall: the longest the parent's process went"
                        + " without running during that clone, seen from inside by 10 ms ticks (10 ms when no gap exceeded 20 ms)."
                        + " Floors: a bare criu dump --leave-running of a host python process holding the same memory, a criu restore -d"
                        + " of its images, and their sum, each timed around the criu command; by hand: the engine's own commands"
                        + " (checkpoint, then restore; on docker also commit, create and a copy of the checkpoint folder) on a container"
                        + " started by hand from the same image, from the first command until the copy runs.");
        Experiment count = results.experiment(CLONE_VS_COUNT, "Clone of an idle running container against the number of copies",
                "copies per clone request", Unit.MILLIS,
                "From sending one clone request for that many copies of a running, idle sandbox (its process sleeping) over HTTP"
                        + " until it answers with every copy running; the copies are killed afterwards, untimed.");
        Experiment lifecycle = results.experiment(LIFECYCLE, "Create, and pause + resume, of a container sandbox",
                "operation", Unit.MILLIS,
                "Create: from sending the create request over HTTP until it answers, the sandbox running (its kill is not timed);"
                        + " pause + resume: from sending the pause request until the connect request that resumes the sandbox answers."
                        + " The simulated backend does the same over HTTP as the baseline.");

        List<Integer> mibs = mode.quick() ? List.of(0, 64) : List.of(0, 64, 256, 512);
        List<Integer> counts = mode.quick() ? List.of(1, 2) : List.of(1, 2, 4, 8, 16);
        int runs = mode.pick(1, 3);
        int lifecycleRuns = mode.pick(2, 5);

        try {
            floors(results, memory, mibs, runs);
        } catch (IllegalStateException e) {
            // a CRIU that fails on its own (not set up for this kernel) leaves the engines' figures worth having
            results.note("The floors (a bare criu dump and restore) stopped on a failure: " + e.getMessage());
        }
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend("simulated").start()) {
            SandboxClient client = client(emulator);
            Lifecycle.warmUp(client);
            results.add(lifecycle, "simulated", "create", Lifecycle.create(client, lifecycleRuns));
            results.add(lifecycle, "simulated", "pause + resume", Lifecycle.pauseResume(client, lifecycleRuns));
        }
        List<String> failures = new ArrayList<>();
        for (String engine : ENGINES) {
            Optional<String> unavailable = SandboxEmulator.backendUnavailableReason(engine);
            if (unavailable.isPresent()) {
                results.note("The " + engine + " backend was not measured: " + unavailable.get());
                if (ContainerBackendRequirement.isRequired()) {
                    // as the tests do: where the container backends are required (CI), one that cannot run is a failure
                    failures.add(engine + ": cannot run (" + ContainerBackendRequirement.ENVIRONMENT_VARIABLE + " is set): "
                            + unavailable.get());
                }
                continue;
            }
            long start = System.nanoTime();
            try {
                engine(engine, results, memory, count, lifecycle, mibs, counts, runs, lifecycleRuns);
            } catch (Exception | AssertionError e) {
                // the other engine is still measured; the section fails at the end
                e.printStackTrace();
                results.note("The " + engine + " measurements stopped on a failure: " + e);
                failures.add(engine + ": " + e);
            }
            System.out.printf("  (%s took %.0f s)%n", engine, (System.nanoTime() - start) / 1e9);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("container measurements failed: " + String.join("; ", failures));
        }
    }

    /** The floor of each row: a bare CRIU dump and restore of a host process holding the memory. */
    private static void floors(Results results, Experiment memory, List<Integer> mibs, int runs) throws Exception {
        Cli.Result criu = Cli.tryRun("criu", "--version");
        if (criu.exitCode() != 0) {
            results.note("The floors (a bare criu dump and restore) were not measured: criu does not run here (" + criu.output() + ")");
            return;
        }
        // untimed: CRIU's first run also loads it (the wrapper's libraries) from disk
        CriuFloor.measure(0, 1);
        boolean restoreNoted = false;
        for (int mib : mibs) {
            CriuFloor.Samples floor = CriuFloor.measure(mib, runs);
            results.add(memory, "floor: criu dump", mib, floor.dump());
            if (floor.restoreFailure().isPresent()) {
                if (!restoreNoted) {
                    results.note("The floor's criu restore could not be measured, only its dump: " + floor.restoreFailure().get());
                    restoreNoted = true;
                }
                continue;
            }
            results.add(memory, "floor: criu restore", mib, floor.restore());
            results.add(memory, "floor: dump + restore", mib, floor.dumpAndRestore());
        }
    }

    /** Every measurement of one engine, through one emulator on it. */
    private static void engine(String engine, Results results, Experiment memory, Experiment count, Experiment lifecycle,
                               List<Integer> mibs, List<Integer> counts, int runs, int lifecycleRuns) throws Exception {
        ByHandClone byHand = ByHandClone.forEngine(engine);
        try (SandboxEmulator emulator = SandboxEmulator.builder().backend(engine).runningQuota(RUNNING_QUOTA)
                .sandboxMemoryMb(SANDBOX_MEMORY_MB).start()) {
            SandboxClient client = client(emulator);
            Lifecycle.warmUp(client);
            ApiClones clones = new ApiClones(client);
            for (int mib : mibs) {
                ApiClones.MemoryRow row = clones.cloneHolding(mib, runs);
                if (row.notMeasured().isPresent()) {
                    results.note("The " + engine + " clone and stall at " + mib + " MiB were not measured: " + row.notMeasured().get());
                } else {
                    results.add(memory, engine + " clone", mib, row.cloneMillis());
                    results.add(memory, engine + " stall", mib, row.stallMillis());
                }
                Settle.moment();
                results.add(memory, engine + " by hand", mib, byHand.measure(mib, runs));
            }
            List<List<Double>> rows = clones.cloneCopies(counts, runs);
            for (int i = 0; i < counts.size(); i++) {
                results.add(count, engine + " clone", counts.get(i), rows.get(i));
            }
            results.add(lifecycle, engine, "create", Lifecycle.create(client, lifecycleRuns));
            results.add(lifecycle, engine, "pause + resume", Lifecycle.pauseResume(client, lifecycleRuns));
        } finally {
            byHand.sweep();
        }
    }

    private static SandboxClient client(SandboxEmulator emulator) {
        return SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey(emulator.apiKey())
                .requestTimeout(REQUEST_TIMEOUT).build();
    }
}
