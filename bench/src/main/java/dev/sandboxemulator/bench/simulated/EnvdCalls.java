package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.emulator.engine.SandboxView;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlane;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlaneCall;
import dev.sandboxemulator.emulator.engine.dataplane.FileRequest;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.spi.OutputChunk;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessListener;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxProcess;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Data-plane requests made as envd's endpoints make them once the HTTP request is parsed: the
 * {@link DataPlane} opens the call (sandbox lookup, access token check, user), then the file or
 * process work runs on the backend with the sandbox held in use. Only the HTTP parsing and the
 * answer's encoding are left out.
 */
final class EnvdCalls {
    private final DataPlane dataPlane;
    private final Tenant tenant;
    private final String sandboxId;
    private final Optional<String> accessToken;

    EnvdCalls(InProcessEngine engine, SandboxView sandbox) {
        this.dataPlane = engine.dataPlane();
        this.tenant = engine.tenant();
        this.sandboxId = sandbox.sandboxId();
        this.accessToken = sandbox.envdAccessToken();
    }

    /** An upload of one file, as {@code POST /files?path=...}: FilesEndpoint's upload. */
    void write(String path, byte[] content) {
        DataPlaneCall call = dataPlane.openForFiles(tenant, fileRequest(path, FileRequest.Operation.WRITE));
        String resolved = call.resolve(path);
        call.access().use(() -> call.access().files().write(resolved, content, call.user()));
    }

    /** A download of one file, as {@code GET /files?path=...}: FilesEndpoint's download (stat, then read). */
    byte[] read(String path) {
        DataPlaneCall call = dataPlane.openForFiles(tenant, fileRequest(path, FileRequest.Operation.READ));
        String resolved = call.resolve(path);
        call.access().use(() -> call.access().files().stat(resolved)).orElseThrow();
        return call.access().use(() -> call.access().files().read(resolved));
    }

    /**
     * A command as the SDKs run one ({@code /bin/bash -l -c <command>} through process.Process/Start,
     * as ProcessRpc starts it), waited for until it exits; its standard output.
     */
    String run(String command) throws Exception {
        DataPlaneCall call = dataPlane.openForRpc(tenant, sandboxId, accessToken, Optional.empty());
        ProcessSpec spec = call.processSpec("/bin/bash", List.of("-l", "-c", command), "", Map.of(), false,
                Optional.empty(), Optional.empty());
        SandboxProcess process = call.access().startProcess(spec);
        Collected collected = new Collected();
        try (SandboxProcess.Subscription ignored = process.subscribe(collected, true)) {
            ProcessExit exit = collected.exit.get(10, TimeUnit.SECONDS);
            if (exit.exitCode() != 0) {
                throw new IllegalStateException("'" + command + "' ended with " + exit.status());
            }
        }
        return collected.stdout();
    }

    private FileRequest fileRequest(String path, FileRequest.Operation operation) {
        return new FileRequest(Optional.of(sandboxId), accessToken, Optional.empty(), path, operation,
                Optional.empty(), Optional.empty());
    }

    /** A process's standard output and its end, as the stream forwarder receives them. */
    private static final class Collected implements ProcessListener {
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();

        @Override
        public synchronized void onOutput(OutputChunk chunk) {
            if (chunk.stream() == OutputChunk.Stream.STDOUT) {
                stdout.writeBytes(chunk.data());
            }
        }

        @Override
        public void onExit(ProcessExit processExit) {
            exit.complete(processExit);
        }

        synchronized String stdout() {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }
}
