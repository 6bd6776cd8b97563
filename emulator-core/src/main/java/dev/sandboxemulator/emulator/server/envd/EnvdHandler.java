package dev.sandboxemulator.emulator.server.envd;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlane;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * envd, the in-sandbox daemon, for every sandbox at once: requests are routed by the
 * {@code Novita-Sandbox-Id} header (or {@code E2b-Sandbox-Id}), since all sandboxes share one URL.
 * It serves the Connect services {@code filesystem.Filesystem} and {@code process.Process} and the
 * plain endpoints {@code /files} and {@code /health}, for the default tenant at the root and for
 * each other tenant under {@code /tenants/<its data-plane id>}.
 *
 * <p>This class only picks the endpoint and the tenant; the {@link DataPlane} decides.
 */
public final class EnvdHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(EnvdHandler.class.getName());
    /** Where a tenant's own data-plane URL starts: {@code /tenants/<id>}. */
    public static final String TENANT_PREFIX = "/tenants/";

    private final DataPlane dataPlane;
    private final ConnectEndpoint connect;
    private final FilesEndpoint files;
    private final HealthEndpoint health;

    public EnvdHandler(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
        this.connect = new ConnectEndpoint(dataPlane);
        this.files = new FilesEndpoint(dataPlane);
        this.health = new HealthEndpoint(dataPlane);
    }

    /** The path prefixes this handler serves, for the server's contexts. */
    public static List<String> contexts() {
        return List.of("/filesystem.Filesystem/", "/process.Process/", "/files", "/health", TENANT_PREFIX);
    }

    /** The data-plane URL of {@code tenant}, given the emulator's shared one. */
    public static String tenantUrl(String sharedUrl, Tenant tenant) {
        return sharedUrl + TENANT_PREFIX + tenant.dataPlaneId();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Optional<String> tenantId = Optional.empty();
            if (path.startsWith(TENANT_PREFIX)) {
                int end = path.indexOf('/', TENANT_PREFIX.length());
                tenantId = Optional.of(end < 0 ? path.substring(TENANT_PREFIX.length()) : path.substring(TENANT_PREFIX.length(), end));
                path = end < 0 ? "" : path.substring(end);
            }
            try {
                Optional<Tenant> scope = dataPlane.tenant(tenantId);
                if (scope.isEmpty()) {
                    EnvdRequests.drain(exchange);
                    answer(exchange, path, new ConnectException(ConnectCode.UNAVAILABLE,
                            "this emulator has no tenant " + tenantId.get() + " (it was closed), so none of its sandboxes runs", 502));
                } else if (path.equals("/health")) {
                    health.serve(exchange, scope.get());
                } else if (path.equals("/files")) {
                    files.serve(exchange, scope.get());
                } else if (path.startsWith("/filesystem.Filesystem/") || path.startsWith("/process.Process/")) {
                    connect.serve(exchange, scope.get(), path.substring(1));
                } else {
                    EnvdRequests.drain(exchange);
                    EnvdAnswers.httpError(exchange, 404, "no such endpoint: " + exchange.getRequestMethod() + " "
                            + exchange.getRequestURI().getPath());
                }
            } catch (IOException e) {
                throw e;
            } catch (Throwable e) {
                // The last line of defence: whatever one request did (even a StackOverflowError),
                // it gets an answer and the server's thread lives on.
                answerAfterFailure(exchange, path, e);
            }
        }
    }

    private static void answerAfterFailure(HttpExchange exchange, String path, Throwable failure) {
        ConnectException error = DataPlaneFailures.toConnect(failure, exchange.getRequestMethod() + " " + path);
        try {
            if (exchange.getResponseCode() != -1) {
                return; // the answer had begun: closing the exchange is all that is left
            }
            answer(exchange, path, error);
        } catch (IOException | RuntimeException unanswerable) {
            LOG.log(System.Logger.Level.DEBUG, "could not answer " + path + " after a failure", unanswerable);
        }
    }

    /** An error in the format of the endpoint at {@code path}: plain for /files and /health, else Connect's. */
    private static void answer(HttpExchange exchange, String path, ConnectException error) throws IOException {
        if (path.equals("/files") || path.equals("/health")) {
            EnvdAnswers.httpError(exchange, error.httpStatus(), error.getMessage());
        } else {
            EnvdAnswers.connectError(exchange, error, error.httpStatus());
        }
    }
}
