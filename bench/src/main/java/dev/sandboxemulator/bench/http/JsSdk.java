package dev.sandboxemulator.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The official Novita JS SDK, driven by {@code conformance/js/bench/latency.mjs} in a Node process:
 * it lives there so it resolves the SDK version that {@code conformance/js/package.json} pins. Each
 * call runs the script once and reads the one JSON line it prints.
 */
final class JsSdk {
    static final String SCRIPT = "bench/latency.mjs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Map<String, String> environment;

    private JsSdk(Path directory, Map<String, String> environment) {
        this.directory = directory;
        this.environment = environment;
    }

    /**
     * The SDK reached with {@code environment} ({@code NOVITA_API_URL} and the rest), or why it
     * cannot run here: no {@code conformance/js} with its {@code node_modules}, or no Node.
     */
    static Lookup find(Map<String, String> environment) {
        Optional<Path> suite = conformanceDirectory();
        if (suite.isEmpty()) {
            return Lookup.missing("no conformance/js/package.json above the working directory or the bench classes");
        }
        Path dir = suite.get();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("novita-sandbox"))) {
            return Lookup.missing("novita-sandbox is not installed in " + dir.resolve("node_modules")
                    + " (run npm ci there; bench/run.sh does when npm is on the PATH)");
        }
        Optional<String> node = nodeVersion(dir);
        if (node.isEmpty()) {
            return Lookup.missing("no working `node` on the PATH");
        }
        return new Lookup(new JsSdk(dir, environment), null);
    }

    /** What {@link #find} found: the SDK, or the reason it cannot run. */
    record Lookup(JsSdk sdk, String missing) {
        static Lookup missing(String reason) {
            return new Lookup(null, reason);
        }
    }

    /** N concurrent async loops of {@code Sandbox.getInfo(id)} in one Node process; see the script. */
    List<Round> info(String sandboxId, int clients, Duration warmup, int rounds, Duration length) throws IOException, InterruptedException {
        JsonNode out = run(warmup.plus(length.multipliedBy(rounds)), "info", "--sandbox", sandboxId,
                "--clients", Integer.toString(clients), "--rounds", Integer.toString(rounds),
                "--round-ms", Long.toString(length.toMillis()), "--warmup-ms", Long.toString(warmup.toMillis()));
        List<Round> measured = new ArrayList<>();
        for (JsonNode round : out.required("rounds")) {
            measured.add(new Round(round.required("p50").asDouble(), round.required("p99").asDouble(),
                    round.required("requests").asLong(), round.required("seconds").asDouble()));
        }
        return measured;
    }

    /** From {@code commands.run(command, { onStdout })} to the first stdout callback, in milliseconds. */
    List<Double> firstOutputByte(String sandboxId, String command, int warmup, int samples) throws IOException, InterruptedException {
        JsonNode out = run(Duration.ofSeconds(samples + warmup), "first-byte", "--sandbox", sandboxId,
                "--cmd", command, "--warmup", Integer.toString(warmup), "--samples", Integer.toString(samples));
        List<Double> measured = new ArrayList<>();
        out.required("samples").forEach(sample -> measured.add(sample.asDouble()));
        return measured;
    }

    private JsonNode run(Duration expected, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", SCRIPT));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        // *_DOMAIN would change how the SDK builds URLs; NOVITA_DEBUG makes it skip the control plane
        List.of("NOVITA_DOMAIN", "NOVITA_DEBUG").forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        Process node = builder.start();
        node.getOutputStream().close();
        CompletableFuture<String> stdout = drain(node.getInputStream());
        CompletableFuture<String> stderr = drain(node.getErrorStream());
        try {
            // Node's own start and the SDK's import take a second or two on a busy machine
            if (!node.waitFor(expected.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node " + String.join(" ", arguments) + " did not finish in time; stderr: "
                        + stderr.getNow(""));
            }
            String out = stdout.join().trim();
            if (node.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("node " + String.join(" ", arguments) + " exited " + node.exitValue()
                        + ": " + stderr.join().trim());
            }
            // the last line is the result: nothing else should print, but a stray warning must not break the run
            String[] lines = out.split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        } finally {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Optional<String> nodeVersion(Path dir) {
        try {
            Process node = new ProcessBuilder("node", "--version").directory(dir.toFile()).redirectErrorStream(true).start();
            String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0 ? Optional.of(version) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * {@code conformance/js} of this checkout: bench/run.sh runs from the repository root, but the
     * run may start elsewhere, so the working directory and then the bench classes' location are
     * searched upwards.
     */
    static Optional<Path> conformanceDirectory() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(JsSdk.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (an unusual class loader): the working directory is all there is
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path suite = dir.resolve("conformance").resolve("js");
                if (Files.isRegularFile(suite.resolve("package.json")) && Files.isRegularFile(suite.resolve(SCRIPT))) {
                    return Optional.of(suite);
                }
            }
        }
        return Optional.empty();
    }
}
