package dev.sandboxemulator.emulator.server;

import com.sun.net.httpserver.HttpServer;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.engine.error.UnauthenticatedException;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlane;
import dev.sandboxemulator.emulator.server.envd.EnvdHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulator's HTTP endpoint, on the JDK's own server: the control plane and, on the same
 * port, the data plane (envd), whose paths do not collide.
 */
public final class EmulatorServer implements AutoCloseable {

    /*
     * Without TCP_NODELAY the JDK's server writes headers and body in separate packets, and
     * Nagle's algorithm meets the client's delayed ACK: every response stalls about 40 ms
     * (measured in bench/: create 45 ms without, 1.5 ms with). The server reads this property
     * once, when the first server in the JVM is made; a value the user set is left alone.
     */
    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private EmulatorServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code engine} on {@code host:port} (port 0 picks a free one).
     *
     * @param requiredApiKey when present, the only {@code X-API-KEY} accepted; otherwise any non-empty key is
     */
    public static EmulatorServer start(Engine engine, String host, int port, Optional<String> requiredApiKey) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        Router router = new Router(request -> {
            Tenant tenant = engine.tenantFor(request.header("X-API-KEY").filter(k -> !k.isBlank()));
            if (tenant == engine.defaultTenant()) {
                authenticate(request, requiredApiKey);
            }
            return tenant;
        });
        new ControlPlaneRoutes(engine).register(router);
        RequestLog requestLog = new RequestLog();
        server.createContext("/", router).getFilters().add(requestLog);
        EnvdHandler envd = new EnvdHandler(new DataPlane(engine));
        EnvdHandler.contexts().forEach(context -> server.createContext(context, envd).getFilters().add(requestLog));
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "sandbox-emulator-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new EmulatorServer(server, executor);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting requests and ends in-flight ones. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The real service wants an API key (or an access token) on every control-plane call. By
     * default any non-empty key is accepted, so code that forgets to send one fails here as it
     * would in production.
     */
    private static void authenticate(ApiRequest request, Optional<String> requiredApiKey) {
        Optional<String> key = request.header("X-API-KEY").filter(k -> !k.isBlank());
        Optional<String> bearer = request.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .filter(t -> !t.isEmpty());
        if (requiredApiKey.isPresent()) {
            if (key.isEmpty()) {
                throw new UnauthenticatedException("missing API key: send the X-API-KEY header");
            }
            if (!key.get().equals(requiredApiKey.get())) {
                throw new UnauthenticatedException("invalid API key");
            }
            return;
        }
        if (key.isEmpty() && bearer.isEmpty()) {
            throw new UnauthenticatedException(
                    "missing API key: send the X-API-KEY header (this emulator accepts any non-empty key)");
        }
    }
}
