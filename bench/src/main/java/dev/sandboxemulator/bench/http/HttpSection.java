package dev.sandboxemulator.bench.http;

import dev.sandboxemulator.bench.Experiment;
import dev.sandboxemulator.bench.Mode;
import dev.sandboxemulator.bench.Results;
import dev.sandboxemulator.bench.Section;
import dev.sandboxemulator.bench.Unit;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.emulator.SandboxEmulator;
import dev.sandboxemulator.junit.SandboxRuntimeInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The emulator over HTTP on loopback (simulated backend, in this JVM): control-plane latency and
 * throughput against the number of concurrent clients, and a streaming command's first output,
 * each through the project's Java client and through the official Novita JS SDK.
 */
public final class HttpSection implements Section {
    static final String LATENCY = "http-latency-vs-clients";
    static final String THROUGHPUT = "http-throughput-vs-clients";
    static final String STREAMING = "http-streaming";
    static final String FIRST_BYTE_ROW = "first output byte of a streaming command";
    /** Rows of the concurrency experiments. */
    private static final int[] CLIENTS = {1, 8, 64};
    /** The JS SDK runs these rows only: 64 loops in one Node process measure Node's event loop more than the server. */
    private static final int[] JS_CLIENTS = {1, 8};
    private static final String COMMAND = "echo hi";

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void run(Mode mode, Results results) throws Exception {
        int rounds = mode.pick(2, 5);
        Duration round = Duration.ofMillis(mode.pick(500, 3000));
        Duration warmup = Duration.ofMillis(mode.pick(500, 2000));
        // the client's and the server's code paths take a few hundred requests to be compiled
        Duration firstWarmup = Duration.ofMillis(mode.pick(1000, 5000));
        int streamingWarmup = mode.pick(50, 300);
        int streamingSamples = mode.pick(10, 50);

        Experiment latency = results.experiment(LATENCY, "Control-plane latency against concurrent clients", "concurrent clients",
                Unit.MILLIS, "Each of N clients (threads with a SandboxClient of their own; for the JS SDK, N async loops in one Node "
                        + "process) asks for one sandbox's info (GET /sandboxes/{id}) in a closed loop; a request is timed from the call "
                        + "until its parsed answer returns. Each sample is the p50 or p99 of one round of "
                        + round.toMillis() + " ms, after " + warmup.toMillis() + " ms of warm-up at that N (and, for the Java client, "
                        + firstWarmup.toMillis() + " ms of 2 clients before the first row).");
        Experiment throughput = results.experiment(THROUGHPUT, "Control-plane throughput against concurrent clients", "concurrent clients",
                Unit.PER_SECOND, "The same closed loops of GET /sandboxes/{id}: each sample is the requests that all N clients together "
                        + "completed in one round, divided by the round's time (from its start until the last request sent before its "
                        + "deadline has answered).");
        Experiment streaming = results.experiment(STREAMING, "Streaming command, first output", "measurement", Unit.MILLIS,
                "From the call that starts `" + COMMAND + "` with an output callback (the Java client's commands().start with "
                        + "onStdout; the JS SDK's commands.run with onStdout) until the callback first receives stdout; one command "
                        + "at a time, after " + streamingWarmup + " unmeasured ones.");

        try (SandboxEmulator emulator = SandboxEmulator.builder().start()) {
            SandboxClient client = clientOf(emulator);
            Sandbox sandbox = client.create(CreateSandboxRequest.builder().timeout(Duration.ofHours(1)).build());
            try {
                new ClosedLoop(List.of(clientOf(emulator), clientOf(emulator)), sandbox.id()).warmUp(firstWarmup);
                for (int clients : CLIENTS) {
                    List<SandboxClient> own = new ArrayList<>();
                    for (int i = 0; i < clients; i++) {
                        own.add(clientOf(emulator));
                    }
                    List<Round> measured = new ClosedLoop(own, sandbox.id()).run(warmup, rounds, round);
                    results.add(latency, "p50", clients, each(measured, Round::p50));
                    results.add(latency, "p99", clients, each(measured, Round::p99));
                    results.add(throughput, "Java client", clients, each(measured, Round::throughput));
                }
                results.add(streaming, "Java client", FIRST_BYTE_ROW,
                        new FirstOutputByte(sandbox, COMMAND).measure(streamingWarmup, streamingSamples));

                SandboxRuntimeInfo runtime = new SandboxRuntimeInfo(emulator.apiUrl(), emulator.sandboxUrl(), emulator.apiKey());
                JsSdk.Lookup js = JsSdk.find(runtime.novitaEnvironment());
                if (js.sdk() == null) {
                    results.note("The JS SDK series of " + LATENCY + ", " + THROUGHPUT + " and " + STREAMING
                            + " were not measured: " + js.missing() + ".");
                    return;
                }
                for (int clients : JS_CLIENTS) {
                    List<Round> measured = js.sdk().info(sandbox.id(), clients, warmup, rounds, round);
                    results.add(latency, "JS SDK p50", clients, each(measured, Round::p50));
                    results.add(latency, "JS SDK p99", clients, each(measured, Round::p99));
                    results.add(throughput, "JS SDK", clients, each(measured, Round::throughput));
                }
                results.add(streaming, "JS SDK", FIRST_BYTE_ROW,
                        js.sdk().firstOutputByte(sandbox.id(), COMMAND, streamingWarmup, streamingSamples));
            } finally {
                sandbox.kill();
            }
        }
    }

    private static SandboxClient clientOf(SandboxEmulator emulator) {
        return SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl()).apiKey(emulator.apiKey()).build();
    }

    private static List<Double> each(List<Round> rounds, ToDoubleFunction<Round> value) {
        return rounds.stream().map(round -> value.applyAsDouble(round)).toList();
    }
}
