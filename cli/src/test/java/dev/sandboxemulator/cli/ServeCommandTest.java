package dev.sandboxemulator.cli;

import dev.sandboxemulator.client.SandboxClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code serve} in-process: it prints the settings to paste, logs one line per request unless
 * {@code --quiet}, and stops when its thread is interrupted (Ctrl-C does the same through the JVM's
 * shutdown). With no command, the jar serves.
 */
class ServeCommandTest {

    /** A serve running on its own thread, with its output readable line by line. */
    private static final class Serving implements AutoCloseable {
        final Thread thread;
        final BufferedReader out;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final Map<String, String> settings = new HashMap<>();

        Serving(String... args) throws IOException {
            PipedWriter pipe = new PipedWriter();
            out = new BufferedReader(new PipedReader(pipe, 1 << 16));
            thread = new Thread(() -> exit.complete(SandboxEmulatorCli.execute(args, new PrintWriter(pipe, true),
                    new PrintWriter(new StringWriter(), true), Map.of())), "serve-under-test");
            thread.start();
            String line;
            // The settings end with E2B_API_KEY, the last line serve prints before it logs requests.
            while (!settings.containsKey("E2B_API_KEY") && (line = out.readLine()) != null) {
                int equals = line.indexOf('=');
                if ((line.startsWith("NOVITA_") || line.startsWith("E2B_")) && equals > 0) {
                    settings.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        }

        String apiUrl() {
            return settings.get("NOVITA_API_URL");
        }

        @Override
        public void close() throws Exception {
            thread.interrupt();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    private static int get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("X-API-KEY", "k").build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void optionsAloneMeanServeAndItPrintsTheSettingsToPasteThenOneLinePerRequest() throws Exception {
        try (Serving serving = new Serving("--port", "0")) {
            assertThat(serving.settings).containsKeys("NOVITA_API_URL", "NOVITA_SANDBOX_URL", "NOVITA_API_KEY", "E2B_API_URL",
                    "E2B_SANDBOX_URL");
            assertThat(serving.settings.get("NOVITA_SANDBOX_URL")).isEqualTo(serving.apiUrl());
            assertThat(serving.settings.get("E2B_API_URL")).isEqualTo(serving.apiUrl());
            assertThat(serving.settings.get("E2B_SANDBOX_URL")).isEqualTo(serving.apiUrl());

            assertThat(get(serving.apiUrl() + "/v2/sandboxes")).isEqualTo(200);

            String line;
            do {
                line = serving.out.readLine();
            } while (line != null && !line.contains("/v2/sandboxes"));
            assertThat(line).isEqualTo("GET /v2/sandboxes -> 200 (" + line.replaceAll(".*\\((\\d+) ms\\)$", "$1") + " ms)");
        }
    }

    @Test
    void quietLogsNoRequestsAndStoppingClosesThePort() throws Exception {
        Serving serving = new Serving("serve", "--port", "0", "--quiet");
        String apiUrl = serving.apiUrl();
        assertThat(get(apiUrl + "/v2/sandboxes")).isEqualTo(200);

        serving.close();

        assertThat(printedAfterwards(serving)).noneMatch(line -> line.contains("/v2/sandboxes"));
        assertThatThrownBy(() -> get(apiUrl + "/v2/sandboxes")).isInstanceOf(ConnectException.class);
    }

    /** What serve printed after its settings, until its thread ended. */
    private static List<String> printedAfterwards(Serving serving) {
        List<String> lines = new ArrayList<>();
        try {
            String line;
            while ((line = serving.out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException writerEnded) {
            // a pipe whose writing thread ended: everything it wrote was read
        }
        return lines;
    }

    @Test
    void sandboxesHaveTheMemoryServeWasGiven() throws Exception {
        try (Serving serving = new Serving("--port", "0", "--quiet", "--sandbox-memory", "2048")) {
            SandboxClient client = SandboxClient.builder().apiUrl(serving.apiUrl()).sandboxUrl(serving.apiUrl()).apiKey("k").build();

            assertThat(client.create().info().memoryMb()).isEqualTo(2048);
        }
    }

    @Test
    void tooLittleSandboxMemoryIsABadArgument() {
        StringWriter err = new StringWriter();
        int exit = SandboxEmulatorCli.execute(new String[] {"--sandbox-memory", "10", "--port", "0"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), Map.of());

        assertThat(exit).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(err.toString()).contains("at least 64 MiB").hasLineCount(1);
    }

    @Test
    void anUnknownBackendIsABadArgument() {
        StringWriter err = new StringWriter();
        int exit = SandboxEmulatorCli.execute(new String[] {"--backend", "vmware", "--port", "0"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), Map.of());

        assertThat(exit).isEqualTo(ExitCodes.BAD_ARGUMENTS);
        assertThat(err.toString()).contains("vmware").hasLineCount(1);
    }
}
