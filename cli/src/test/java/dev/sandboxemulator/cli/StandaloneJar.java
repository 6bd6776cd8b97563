package dev.sandboxemulator.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone emulator started as a user would: {@code java -jar target/sandbox-emulator.jar
 * ARGS}, with the URLs it prints read back. Its output is drained from then on, so it never blocks
 * on a full pipe.
 */
final class StandaloneJar {
    static final Path JAR = Path.of("target", "sandbox-emulator.jar").toAbsolutePath();

    private static final int KEPT_LINES = 200;

    private final Process process;
    private final Map<String, String> urls = new HashMap<>();
    private final Deque<String> output = new ArrayDeque<>();

    private StandaloneJar(Process process) {
        this.process = process;
    }

    /** Starts the jar with {@code args} and waits until it prints {@code NOVITA_API_URL} and {@code NOVITA_SANDBOX_URL}. */
    static StandaloneJar start(String... args) throws IOException {
        assertThat(JAR).as("the standalone jar is built in the package phase").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        StandaloneJar jar = new StandaloneJar(new ProcessBuilder(command).redirectErrorStream(true).start());
        try {
            jar.readPrintedUrls();
            return jar;
        } catch (IOException | RuntimeException | AssertionError e) {
            jar.process.destroyForcibly();
            throw e;
        }
    }

    Process process() {
        return process;
    }

    /**
     * Stops the emulator as Ctrl-C or {@code docker stop} would (SIGTERM) and asserts it ends within a
     * minute: on the way out the container backends remove their containers, images and checkpoints.
     */
    void stopWithSigterm() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the emulator stops cleanly on SIGTERM; its output:%n%s", output())
                .isTrue();
    }

    /** The two printed URLs, keyed {@code NOVITA_API_URL} and {@code NOVITA_SANDBOX_URL}. */
    Map<String, String> urls() {
        return Map.copyOf(urls);
    }

    String apiUrl() {
        return urls.get("NOVITA_API_URL");
    }

    /** The emulator's output so far (its last {@value #KEPT_LINES} lines), for failure messages. */
    String output() {
        synchronized (output) {
            return String.join(System.lineSeparator(), output);
        }
    }

    private void keep(String line) {
        synchronized (output) {
            output.addLast(line);
            if (output.size() > KEPT_LINES) {
                output.removeFirst();
            }
        }
    }

    private void readPrintedUrls() throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while (urls.size() < 2 && (line = lines.readLine()) != null) {
            keep(line);
            int eq = line.indexOf('=');
            if (line.startsWith("NOVITA_API_URL=") || line.startsWith("NOVITA_SANDBOX_URL=")) {
                urls.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(urls).as("URLs printed by the emulator; it printed:%n%s", output()).hasSize(2);
        Thread drain = new Thread(() -> {
            try {
                for (String more; (more = lines.readLine()) != null; ) {
                    keep(more);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "emulator-output");
        drain.setDaemon(true);
        drain.start();
    }
}
