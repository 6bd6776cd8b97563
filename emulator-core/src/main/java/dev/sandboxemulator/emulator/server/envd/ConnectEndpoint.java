package dev.sandboxemulator.emulator.server.envd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.sandboxemulator.emulator.engine.DataPlaneAccess;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlane;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlaneCall;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The Connect services {@code filesystem.Filesystem} and {@code process.Process}: unary calls as
 * JSON, server streams as Connect envelopes with keepalives, until the stream ends, its deadline
 * passes or the client leaves.
 */
final class ConnectEndpoint {
    private static final System.Logger LOG = System.getLogger(ConnectEndpoint.class.getName());
    private static final int MAX_RPC_BYTES = 4 * 1024 * 1024;
    private static final Set<String> STREAMING = Set.of("filesystem.Filesystem/WatchDir", "process.Process/Start",
            "process.Process/Connect");

    private final DataPlane dataPlane;

    ConnectEndpoint(DataPlane dataPlane) {
        this.dataPlane = dataPlane;
    }

    /** Serves {@code procedure} ({@code service/method}) for a sandbox of {@code scope}. */
    void serve(HttpExchange exchange, Tenant scope, String procedure) throws IOException {
        boolean streaming = STREAMING.contains(procedure);
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            EnvdAnswers.connectError(exchange, new ConnectException(ConnectCode.UNIMPLEMENTED, "Connect RPCs are POST requests"), 405);
            return;
        }
        String service = procedure.substring(0, procedure.indexOf('/'));
        String method = procedure.substring(procedure.indexOf('/') + 1);
        RpcStream stream = streaming ? new RpcStream(exchange) : null;
        AutoCloseable held = null;
        DataPlaneAccess.Connection connected = null;
        try {
            byte[] body = EnvdRequests.readAll(exchange.getRequestBody(), MAX_RPC_BYTES);
            DataPlaneCall call = open(exchange, scope);
            DataPlaneAccess access = call.access();
            if (!streaming) {
                JsonNode request = ProtoJson.parse(body);
                JsonNode response = access.use(() -> service.equals("filesystem.Filesystem")
                        ? FilesystemRpc.unary(method, call, request)
                        : ProcessRpc.unary(method, call, request));
                EnvdAnswers.json(exchange, 200, response);
                return;
            }
            JsonNode request = ProtoJson.parse(Envelopes.readSingleRequest(body));
            // An open stream is a connected client: the sandbox's idle timeout waits for it to end. The
            // client is let go before it reads the end, so that its idle time counts from then.
            connected = access.connect();
            stream.beforeEnd(connected::close);
            Optional<Duration> timeout = EnvdRequests.connectTimeout(exchange);
            VirtualTime time = access.time();
            JsonNode keepalive;
            if (method.equals("WatchDir")) {
                SandboxFileSystem.Watch watch = access.use(() -> FilesystemRpc.watch(call, request, stream));
                VirtualTime.Cancellable deadline = timeout.map(t -> time.after(t, () -> stream.end(
                        new ConnectException(ConnectCode.DEADLINE_EXCEEDED, "the watch's deadline of " + t.toMillis() + " ms expired"))))
                        .orElse(() -> false);
                held = () -> {
                    watch.close();
                    deadline.cancel();
                };
                keepalive = ProtoJson.object().set("keepalive", ProtoJson.object());
            } else {
                held = access.use(() -> method.equals("Start")
                        ? ProcessRpc.start(call, request, stream, timeout, time)
                        : ProcessRpc.connect(call, request, stream, timeout, time));
                ObjectNode event = ProtoJson.object();
                event.putObject("event").putObject("keepalive");
                keepalive = event;
            }
            stream.pump(keepalive, EnvdRequests.keepaliveInterval(exchange));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | StackOverflowError e) {
            ConnectException error = DataPlaneFailures.toConnect(e, procedure);
            if (streaming) {
                stream.failBeforeStart(error);
            } else {
                EnvdAnswers.connectError(exchange, error, error.httpStatus());
            }
        } finally {
            if (held != null) {
                try {
                    held.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "releasing a stream's resources failed", e);
                }
            }
            if (connected != null) {
                connected.close();
            }
        }
    }

    private DataPlaneCall open(HttpExchange exchange, Tenant scope) {
        String sandboxId = EnvdRequests.sandboxId(exchange).orElseThrow(() -> new ConnectException(ConnectCode.INVALID_ARGUMENT,
                "missing Novita-Sandbox-Id header: the emulator serves every sandbox on one URL and routes by it"));
        return dataPlane.openForRpc(scope, sandboxId, EnvdRequests.accessToken(exchange), EnvdRequests.basicAuthUser(exchange));
    }
}
