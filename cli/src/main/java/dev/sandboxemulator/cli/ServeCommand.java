package dev.sandboxemulator.cli;

import dev.sandboxemulator.emulator.SandboxEmulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code serve}: runs the emulator until Ctrl-C (or until its thread is interrupted, in-process),
 * after printing the settings to paste for the SDKs, and one line per request unless {@code --quiet}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the emulator: the control plane and every sandbox's envd on one port, until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
    /** Where the emulator's server logs each request it answered (at FINE, so embedded users do not see it). */
    private static final String REQUEST_LOGGER = "dev.sandboxemulator.emulator.requests";
    /**
     * The docker backend's HTTP client chats at INFO (a retried socket, a closed connection); a
     * person at a terminal wants warnings only. Held here: java.util.logging keeps loggers weakly.
     */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("org.apache.hc"), Logger.getLogger("com.github.dockerjava"));
    private static final Logger REQUESTS = Logger.getLogger(REQUEST_LOGGER);
    private static volatile boolean stoppedByShutdown;

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, defaultValue = "3000", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}: nothing is exposed beyond this machine).")
    String host;

    @Option(names = "--backend", defaultValue = "simulated",
            description = "simulated (default), docker or podman. The container backends need scripts/setup-docker.sh, as root.")
    String backend;

    @Option(names = "--quota", description = "How many sandboxes may run at once (default: 100, as on the paid tier).")
    Integer quota;

    @Option(names = "--sandbox-memory", paramLabel = "MIB",
            description = "Every sandbox's memory in MiB (default: 512); on docker and podman also the container's limit.")
    Integer sandboxMemoryMb;

    @Option(names = "--api-key",
            description = "Require exactly this X-API-KEY. By default any non-empty key is accepted and a missing one is a 401.")
    String apiKey;

    @Option(names = "--template-image", paramLabel = "TEMPLATE=IMAGE",
            description = "Map a template to a local image (docker, podman); repeatable.")
    Map<String, String> templateImages = new LinkedHashMap<>();

    @Option(names = "--quiet", description = "Do not log one line per request.")
    boolean quiet;

    /** Whether serve ended because the JVM is shutting down (Ctrl-C), when the process must not call System.exit. */
    static boolean stoppedByShutdown() {
        return stoppedByShutdown;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
        SandboxEmulator.Builder builder = SandboxEmulator.builder().host(host).port(port).backend(backend);
        templateImages.forEach(builder::templateImage);
        if (quota != null) {
            builder.runningQuota(quota);
        }
        if (sandboxMemoryMb != null) {
            builder.sandboxMemoryMb(sandboxMemoryMb);
        }
        if (apiKey != null) {
            builder.apiKey(apiKey);
        }
        Level levelBefore = REQUESTS.getLevel();
        boolean parentHandlersBefore = REQUESTS.getUseParentHandlers();
        Handler requestLog = quiet ? null : logRequestsTo(out);
        SandboxEmulator emulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            stoppedByShutdown = true;
            emulator.close();
            stopped.countDown();
        }, "sandbox-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            out.println("Novita Sandbox emulator (" + emulator.backendName() + " backend) listening; it speaks Novita's and E2B's API."
                    + " Point an SDK at it:");
            out.println("NOVITA_API_URL=" + emulator.apiUrl());
            out.println("NOVITA_SANDBOX_URL=" + emulator.sandboxUrl());
            out.println("NOVITA_API_KEY=" + (apiKey == null ? "<any non-empty value>" : apiKey));
            out.println("E2B_API_URL=" + emulator.apiUrl());
            out.println("E2B_SANDBOX_URL=" + emulator.sandboxUrl());
            // E2B's Python SDK insists on e2b_ and hex; the emulator's own key has that form.
            out.println("E2B_API_KEY=" + (apiKey == null ? emulator.apiKey() : apiKey));
            out.println("(export them, then `java -jar sandbox-emulator.jar sandbox --help` drives it from a shell; Ctrl-C stops it)");
            out.flush();
            stopped.await();
        } catch (InterruptedException e) {
            // Stopped in-process (a test, an embedding tool): no shutdown hook will run, so close here.
            Runtime.getRuntime().removeShutdownHook(shutdown);
            emulator.close();
        } finally {
            if (requestLog != null) {
                REQUESTS.removeHandler(requestLog);
                REQUESTS.setLevel(levelBefore);
                REQUESTS.setUseParentHandlers(parentHandlersBefore);
            }
        }
        return ExitCodes.OK;
    }

    /** Prints each line the server logs about a request it answered, as it comes. */
    private static Handler logRequestsTo(PrintWriter out) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                out.println(record.getMessage());
                out.flush();
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        REQUESTS.setLevel(Level.FINE);
        REQUESTS.setUseParentHandlers(false);
        REQUESTS.addHandler(handler);
        return handler;
    }
}
