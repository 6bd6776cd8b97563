package dev.sandboxemulator.cli.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.AuthenticationException;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.NotFoundException;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxConnectionException;
import dev.sandboxemulator.client.SandboxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Novita's {@code sandbox clone ID -c COUNT -s STRICT -t TIMEOUT}: copies of a running or paused
 * sandbox, filesystem and memory, then the copies' ids. Progress goes to stderr, so {@code -f json}
 * leaves stdout one JSON document.
 */
@Command(name = "clone", aliases = "cl", mixinStandardHelpOptions = true,
        description = "Clone a running or paused sandbox: copies that keep its filesystem and process memory.",
        footer = {"Exit codes: 4 when the copies would exceed the running quota (no copy is made),",
                "  5 when the clone failed (a strict clone removes the copies it made first)."})
final class CloneCommand implements Callable<Integer> {
    /** How often the progress line is redrawn while a clone is under way, on a terminal. */
    private static final long PROGRESS_MILLIS = 250;

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Parameters(paramLabel = "sandboxID")
    String sandboxId;

    @Option(names = {"-c", "--count"}, defaultValue = "1", description = "How many copies (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"-s", "--strict"}, arity = "1", defaultValue = "false", paramLabel = "true|false",
            description = "true: all copies or none (a partial failure removes those made). Default: ${DEFAULT-VALUE}.")
    boolean strict;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS",
            description = "The copies' timeout (default: the parent's remaining one if it runs, 300 if it is paused).")
    Long timeoutSeconds;

    @Option(names = {"-f", "--format"}, defaultValue = "pretty", paramLabel = "pretty|json", description = "pretty (one id per line) or json.")
    Format format;

    @Override
    public Integer call() {
        if (count < 1) {
            throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "--count must be at least 1, was " + count);
        }
        CloneRequest.Builder request = CloneRequest.builder().count(count).strict(strict);
        if (timeoutSeconds != null) {
            if (timeoutSeconds < 0) {
                throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "--timeout must not be negative, was " + timeoutSeconds);
            }
            request.timeout(Duration.ofSeconds(timeoutSeconds));
        }
        PrintWriter out = spec.commandLine().getOut();
        CloneResult result;
        try (Progress progress = new Progress(spec.commandLine().getErr(), sandboxId, count, strict)) {
            result = connection.client().clone(sandboxId, request.build());
            progress.done(result.count());
        } catch (NotFoundException | RateLimitException | SandboxConnectionException | AuthenticationException e) {
            throw e;
        } catch (SandboxException e) {
            throw new CommandFailure(ExitCodes.CLONE_FAILED, "clone of " + sandboxId + " failed: " + e.getMessage()
                    + (strict ? " (strict: the copies it made were removed)" : ""), e);
        }
        if (format == Format.JSON) {
            ObjectNode document = Output.object();
            ArrayNode sandboxes = document.putArray("sandboxes");
            for (Sandbox copy : result.sandboxes()) {
                ObjectNode node = sandboxes.addObject();
                node.put("sandboxId", copy.id());
                node.put("envdVersion", copy.envdVersion());
                copy.envdAccessToken().ifPresent(token -> node.put("envdAccessToken", token));
            }
            result.snapshotTemplateId().ifPresentOrElse(id -> document.put("snapshotTemplateId", id),
                    () -> document.putNull("snapshotTemplateId"));
            Output.json(out, document);
        } else {
            result.sandboxes().forEach(copy -> out.println(copy.id()));
            out.flush();
        }
        return ExitCodes.OK;
    }

    /**
     * A line on stderr while the clone is under way (a clone on a container backend takes seconds):
     * redrawn with the time taken on a terminal, written once otherwise.
     */
    private static final class Progress implements AutoCloseable {
        private final PrintWriter err;
        private final long started = System.nanoTime();
        private final ScheduledExecutorService ticker;
        private final String what;

        Progress(PrintWriter err, String sandboxId, int count, boolean strict) {
            this.err = err;
            this.what = "Cloning " + sandboxId + " into " + count + (count == 1 ? " copy" : " copies") + (strict ? " (strict)" : "");
            if (System.console() != null) {
                ticker = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "clone-progress");
                    thread.setDaemon(true);
                    return thread;
                });
                ticker.scheduleAtFixedRate(() -> draw("\r" + what + "... " + seconds() + " s"), 0, PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ticker = null;
                draw(what + "...\n");
            }
        }

        void done(int made) {
            stop();
            draw((ticker != null ? "\r" : "") + what + ": " + made + " made in " + seconds() + " s\n");
        }

        private String seconds() {
            return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9);
        }

        private synchronized void draw(String text) {
            err.print(text);
            err.flush();
        }

        private void stop() {
            if (ticker != null) {
                ticker.shutdownNow();
                try {
                    ticker.awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void close() {
            if (ticker != null && !ticker.isShutdown()) {
                stop();
                draw("\n");
            }
        }
    }
}
