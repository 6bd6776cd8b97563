package dev.sandboxemulator.bench;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How fast a clone is on each backend, against the floor measured in the same run: a bare
 * {@code criu dump --leave-running} of a host process holding the same memory. (The simulated
 * backend is there for scale: its processes are simulated and its memory is the JVM's.)
 *
 * <p>For a parent whose python process holds 256 MiB (and for an idle one), over HTTP:
 * <ul>
 *   <li><b>stall</b>: the longest the parent's own process went without running, seen from inside:
 *       it ticks every 10 ms and reports each gap;</li>
 *   <li><b>1 clone</b>, <b>4 clones</b>: until the clone request answers, its copies running.</li>
 * </ul>
 * Medians of {@value #RUNS} runs; every figure is also given as a ratio to the floor.
 */
public final class CloneSpeed {
    private static final int RUNS = 3;
    private static final int MIB_HELD = 256;
    private static final RunOptions BACKGROUND = RunOptions.builder().timeout(Duration.ZERO).build();

    private CloneSpeed() {
    }

    public static void main(String[] args) throws Exception {
        List<String> backends = args.length > 0 ? List.of(args) : List.of("simulated", "docker", "podman");
        double floorLoaded = bareCriuDumpMillis(MIB_HELD);
        double floorIdle = bareCriuDumpMillis(0);
        System.out.printf(Locale.ROOT, "%nclone speed (medians of %d, over HTTP; floor: a bare criu dump --leave-running of a host"
                + " process holding the same memory, measured now)%n", RUNS);
        System.out.printf(Locale.ROOT, "  floor, %d MiB held: %.0f ms; idle: %.0f ms%n", MIB_HELD, floorLoaded, floorIdle);
        System.out.printf(Locale.ROOT, "  %-10s %-8s %18s %18s %18s%n", "backend", "parent", "stall", "1 clone", "4 clones");
        for (String backend : backends) {
            var unavailable = SandboxEmulator.backendUnavailableReason(backend);
            if (unavailable.isPresent()) {
                System.out.println("  " + backend + ": not measured (" + unavailable.get() + ")");
                continue;
            }
            try (SandboxEmulator emulator = SandboxEmulator.builder().backend(backend).start()) {
                SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
                        .apiKey("bench").build();
                if (backend.equals("simulated")) {
                    simulatedRow(client, floorIdle);
                    continue;
                }
                row(client, backend, "idle", 0, floorIdle);
                row(client, backend, MIB_HELD + " MiB", MIB_HELD, floorLoaded);
            }
        }
    }

    private static void row(SandboxClient client, String backend, String label, int mib, double floor) {
        Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(30)).build());
        try {
            CommandHandle ticker = parent.commands().start(ticker(mib), BACKGROUND);
            await(ticker, "ready");
            List<Double> stalls = new ArrayList<>();
            List<Double> one = new ArrayList<>();
            List<Double> four = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                int seen = ticker.stdout().length();
                one.add(cloneMillis(parent, 1));
                stalls.add(longestGap(ticker, seen));
                four.add(cloneMillis(parent, 4));
            }
            System.out.printf(Locale.ROOT, "  %-10s %-8s %18s %18s %18s%n", backend, label, figure(median(stalls), floor),
                    figure(median(one), floor), figure(median(four), floor));
        } finally {
            parent.kill();
        }
    }

    /**
     * The simulated backend has no real processes to stall, and its memory is the JVM's: only the
     * clone's answer is measured, for a parent running a (simulated) background command.
     */
    private static void simulatedRow(SandboxClient client, double floor) {
        Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(30)).build());
        try {
            parent.commands().start("sleep 3600", BACKGROUND);
            List<Double> one = new ArrayList<>();
            List<Double> four = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                one.add(cloneMillis(parent, 1));
                four.add(cloneMillis(parent, 4));
            }
            System.out.printf(Locale.ROOT, "  %-10s %-8s %18s %18s %18s%n", "simulated", "any", "n/a",
                    figure(median(one), floor), figure(median(four), floor));
        } finally {
            parent.kill();
        }
    }

    /** A python process that holds {@code mib} MiB (every page touched) and reports every gap of more than 20 ms in its 10 ms ticks. */
    private static String ticker(int mib) {
        return "python3 -u -c 'import time\n"
                + "b = bytearray(" + mib + " * 1024 * 1024)\n"
                + "for i in range(0, len(b), 4096): b[i] = 1\n"
                + "print(\"ready\")\n"
                + "last = time.monotonic()\n"
                + "while True:\n"
                + "    time.Bench.sleep(0.01)\n"
                + "    now = time.monotonic()\n"
                + "    if now - last > 0.02: print(\"gap %.1f\" % ((now - last) * 1000))\n"
                + "    last = now'";
    }

    private static double cloneMillis(Sandbox parent, int count) {
        long start = System.nanoTime();
        List<Sandbox> clones = parent.clone(CloneRequest.builder().count(count).build()).sandboxes();
        long elapsed = System.nanoTime() - start;
        clones.forEach(Sandbox::kill);
        return elapsed / 1e6;
    }

    /** The longest gap the ticker reported after {@code from} characters of its output (0 if none; waits for its report). */
    private static double longestGap(CommandHandle ticker, int from) {
        Bench.sleep(300);
        double longest = 0;
        for (String line : ticker.stdout().substring(from).split("\n")) {
            if (line.startsWith("gap ")) {
                longest = Math.max(longest, Double.parseDouble(line.substring(4)));
            }
        }
        return longest;
    }

    private static String figure(double millis, double floor) {
        return String.format(Locale.ROOT, millis < 10 ? "%6.1f ms %5.2fx" : "%6.0f ms %5.1fx", millis, millis / floor);
    }

    /**
     * The floor: {@code criu dump --leave-running} of a host process holding {@code mib} MiB, with
     * the CRIU that the engines use (first on the PATH), images on the same disk. Median of {@value #RUNS}.
     */
    static double bareCriuDumpMillis(int mib) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(Path.of("/var/tmp"), "sandbox-emulator-floor");
        Process holder = new ProcessBuilder("setsid", "python3", "-u", "-c", "import time\n"
                + "b = bytearray(" + mib + " * 1024 * 1024)\n"
                + "for i in range(0, len(b), 4096): b[i] = 1\n"
                + "print('ready')\n"
                + "while True: time.Bench.sleep(0.01)")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(work.resolve("holder.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(work.resolve("holder.out")).contains("ready")) {
                if (System.nanoTime() > deadline || !holder.isAlive()) {
                    throw new IllegalStateException("the floor's python process did not start: " + Files.readString(work.resolve("holder.out")));
                }
                Bench.sleep(50);
            }
            long pid = holder.descendants().findFirst().map(ProcessHandle::pid).orElse(holder.pid());
            List<Double> runs = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                Path images = work.resolve("dump-" + run);
                Files.createDirectories(images);
                long start = System.nanoTime();
                Process dump = new ProcessBuilder("criu", "dump", "--leave-running", "-t", Long.toString(pid), "-D", images.toString(),
                        "-o", "dump.log").redirectErrorStream(true).start();
                String said = new String(dump.getInputStream().readAllBytes());
                if (!dump.waitFor(120, TimeUnit.SECONDS) || dump.exitValue() != 0) {
                    throw new IllegalStateException("criu dump failed: " + said + " (see " + images.resolve("dump.log") + ")");
                }
                runs.add((System.nanoTime() - start) / 1e6);
                deleteTree(images);
            }
            return median(runs);
        } finally {
            holder.descendants().forEach(ProcessHandle::destroyForcibly);
            holder.destroyForcibly();
            deleteTree(work);
        }
    }

    private static void await(CommandHandle handle, String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!handle.stdout().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + text + "' from the parent's process: " + handle.stderr());
            }
            Bench.sleep(100);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void deleteTree(Path path) {
        try (var files = Files.walk(path)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is under /var/tmp
        }
    }
}
