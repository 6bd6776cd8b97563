package dev.sandboxemulator.emulator.cli;

import dev.sandboxemulator.emulator.SandboxEmulator;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar sandbox-emulator.jar [--port 3000] [--host 127.0.0.1] [--backend simulated|docker|podman]
 * [--template-image TEMPLATE=IMAGE]... [--quota 100] [--api-key KEY]}: runs the emulator until
 * interrupted and prints the URLs to give the SDK.
 */
public final class Main {
    /**
     * The docker backend's HTTP client chats at INFO (a retried socket, a closed connection); a
     * person at a terminal wants warnings only. Held here: java.util.logging keeps loggers weakly.
     */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("org.apache.hc"), Logger.getLogger("com.github.dockerjava"));

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
        SandboxEmulator.Builder builder = SandboxEmulator.builder().port(3000);
        String requiredKey = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port":
                        builder.port(Integer.parseInt(value(args, ++i, arg)));
                        break;
                    case "--host":
                        builder.host(value(args, ++i, arg));
                        break;
                    case "--backend":
                        builder.backend(value(args, ++i, arg));
                        break;
                    case "--template-image":
                        String mapping = value(args, ++i, arg);
                        int equals = mapping.indexOf('=');
                        if (equals <= 0 || equals == mapping.length() - 1) {
                            throw new IllegalArgumentException("--template-image needs TEMPLATE=IMAGE, got '" + mapping + "'");
                        }
                        builder.templateImage(mapping.substring(0, equals), mapping.substring(equals + 1));
                        break;
                    case "--quota":
                        builder.runningQuota(Integer.parseInt(value(args, ++i, arg)));
                        break;
                    case "--api-key":
                        requiredKey = value(args, ++i, arg);
                        builder.apiKey(requiredKey);
                        break;
                    case "-h":
                    case "--help":
                        usage(System.out);
                        return;
                    default:
                        throw new IllegalArgumentException("unknown option " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox-emulator: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        SandboxEmulator emulator;
        try {
            emulator = builder.start();
        } catch (RuntimeException e) {
            System.err.println("sandbox-emulator: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "sandbox-emulator-shutdown"));
        System.out.println("Novita Sandbox emulator (" + emulator.backendName() + " backend) listening. Point the SDK at it:");
        System.out.println("NOVITA_API_URL=" + emulator.apiUrl());
        System.out.println("NOVITA_SANDBOX_URL=" + emulator.sandboxUrl());
        System.out.println("NOVITA_API_KEY=" + (requiredKey == null ? "<any non-empty value>" : requiredKey));
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar sandbox-emulator.jar [--port 3000] [--host 127.0.0.1] [--backend simulated|docker|podman]"
                + " [--template-image TEMPLATE=IMAGE]... [--quota 100] [--api-key KEY]");
        out.println("  --port 0 picks a free port; the URLs printed at start say which.");
        out.println("  --backend docker or podman runs real containers and clones them with CRIU: run scripts/setup-docker.sh");
        out.println("    first, as root (docs/container-backends.md). --template-image maps a template to a local image");
        out.println("    (docker and podman only).");
    }
}
