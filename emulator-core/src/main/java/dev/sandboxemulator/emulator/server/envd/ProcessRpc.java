package dev.sandboxemulator.emulator.server.envd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlaneCall;
import dev.sandboxemulator.emulator.spi.OutputChunk;
import dev.sandboxemulator.emulator.spi.ProcessException;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessListener;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxProcess;
import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code process.Process}: Start and Connect (server streaming), List, SendInput, SendSignal,
 * CloseStdin. PTYs and client streaming (StreamInput, which no browser-style SDK can call) are
 * answered {@code unimplemented}.
 */
final class ProcessRpc {
    /** envd sends output in chunks of at most 32 KiB. */
    private static final int MAX_CHUNK = 32 * 1024;

    private ProcessRpc() {
    }

    static JsonNode unary(String method, DataPlaneCall call, JsonNode request) {
        ProcessManager processes = call.access().processes();
        try {
            switch (method) {
                case "List":
                    return list(processes);
                case "SendInput":
                    return sendInput(processes, request);
                case "SendSignal":
                    return sendSignal(processes, request);
                case "CloseStdin":
                    select(processes, request).closeStdin();
                    return ProtoJson.object();
                case "Update":
                    throw new ConnectException(ConnectCode.UNIMPLEMENTED, "PTY sessions are not supported by this backend");
                case "StreamInput":
                    throw new ConnectException(ConnectCode.UNIMPLEMENTED,
                            "StreamInput (client streaming) is not supported; use SendInput");
                default:
                    throw new ConnectException(ConnectCode.UNIMPLEMENTED, "process.Process/" + method + " is not implemented");
            }
        } catch (ProcessException e) {
            throw map(e);
        }
    }

    /**
     * Start: begins a process and streams its start, output and end. {@code lifetime} (the
     * request's Connect-Timeout-Ms) bounds the process: at expiry it is killed and the stream ends
     * with {@code deadline_exceeded}.
     */
    static Stream start(DataPlaneCall call, JsonNode request, RpcStream stream, Optional<Duration> lifetime, VirtualTime time) {
        JsonNode config = ProtoJson.field(request, "process").orElseThrow(() ->
                new ConnectException(ConnectCode.INVALID_ARGUMENT, "StartRequest.process is required"));
        if (ProtoJson.field(request, "pty").isPresent()) {
            throw new ConnectException(ConnectCode.UNIMPLEMENTED, "PTY sessions are not supported by this backend");
        }
        String cmd = ProtoJson.string(config, "cmd");
        if (cmd.isEmpty()) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "ProcessConfig.cmd is required");
        }
        List<String> args = new ArrayList<>();
        ProtoJson.field(config, "args").ifPresent(array -> array.forEach(arg -> args.add(arg.asText())));
        Map<String, String> requestEnv = new LinkedHashMap<>();
        ProtoJson.field(config, "envs").ifPresent(envs -> envs.fields().forEachRemaining(e -> requestEnv.put(e.getKey(), e.getValue().asText())));
        Optional<String> tag = ProtoJson.field(request, "tag").map(JsonNode::asText);
        boolean stdin = ProtoJson.bool(request, "stdin", true);
        String cwd = ProtoJson.field(config, "cwd").map(JsonNode::asText).orElse("");

        ProcessSpec spec = call.processSpec(cmd, args, cwd, requestEnv, stdin, tag, lifetime);
        Instant deadline = lifetime.map(time.now()::plus).orElse(null);
        SandboxProcess process;
        try {
            process = call.access().startProcess(spec);
        } catch (ProcessException e) {
            throw map(e);
        }
        stream.send(startEvent(process.pid()));
        return new Stream(process.subscribe(new Forwarder(stream, deadline, time), true), () -> false);
    }

    /** Connect: streams an existing process's output (all of it, then live) and its end. */
    static Stream connect(DataPlaneCall call, JsonNode request, RpcStream stream, Optional<Duration> timeout, VirtualTime time) {
        SandboxProcess process;
        try {
            process = select(call.access().processes(), request);
        } catch (ProcessException e) {
            throw map(e);
        }
        stream.send(startEvent(process.pid()));
        SandboxProcess.Subscription subscription = process.subscribe(new Forwarder(stream, null, time), true);
        VirtualTime.Cancellable deadline = timeout
                .map(t -> time.after(t, () -> stream.end(new ConnectException(ConnectCode.DEADLINE_EXCEEDED,
                        "the stream's deadline of " + t.toMillis() + " ms expired"))))
                .orElse(() -> false);
        return new Stream(subscription, deadline);
    }

    /** What a streaming call holds until its stream ends. */
    record Stream(SandboxProcess.Subscription subscription, VirtualTime.Cancellable deadline) implements AutoCloseable {
        @Override
        public void close() {
            subscription.close();
            deadline.cancel();
        }
    }

    /** Forwards process events to the stream, in order. */
    private static final class Forwarder implements ProcessListener {
        private final RpcStream stream;
        private final Instant deadline;
        private final VirtualTime time;

        Forwarder(RpcStream stream, Instant deadline, VirtualTime time) {
            this.stream = stream;
            this.deadline = deadline;
            this.time = time;
        }

        @Override
        public void onOutput(OutputChunk chunk) {
            String key = chunk.stream() == OutputChunk.Stream.STDOUT ? "stdout" : "stderr";
            byte[] data = chunk.data();
            for (int offset = 0; offset < data.length; offset += MAX_CHUNK) {
                int length = Math.min(MAX_CHUNK, data.length - offset);
                ObjectNode message = ProtoJson.object();
                message.putObject("event").putObject("data")
                        .put(key, Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(data, offset, offset + length)));
                stream.send(message);
            }
        }

        @Override
        public void onExit(ProcessExit exit) {
            if (!exit.exited() && deadline != null && !time.now().isBefore(deadline)) {
                stream.end(new ConnectException(ConnectCode.DEADLINE_EXCEEDED,
                        "the process was killed when its timeout expired (context deadline exceeded)"));
                return;
            }
            ObjectNode message = ProtoJson.object();
            ObjectNode end = message.putObject("event").putObject("end");
            if (exit.exitCode() != 0) {
                end.put("exitCode", exit.exitCode());
            }
            if (exit.exited()) {
                end.put("exited", true);
            }
            end.put("status", exit.status());
            exit.error().ifPresent(error -> end.put("error", error));
            stream.send(message);
            stream.end(null);
        }
    }

    private static JsonNode list(ProcessManager processes) {
        ObjectNode response = ProtoJson.object();
        ArrayNode list = response.putArray("processes");
        for (SandboxProcess process : processes.list()) {
            ObjectNode info = list.addObject();
            ObjectNode config = info.putObject("config");
            config.put("cmd", process.spec().cmd());
            ArrayNode args = config.putArray("args");
            process.spec().args().forEach(args::add);
            ObjectNode envs = config.putObject("envs");
            process.spec().envs().forEach(envs::put);
            config.put("cwd", process.spec().cwd());
            info.put("pid", process.pid());
            process.spec().tag().ifPresent(tag -> info.put("tag", tag));
        }
        return response;
    }

    private static JsonNode sendInput(ProcessManager processes, JsonNode request) {
        SandboxProcess process = select(processes, request);
        JsonNode input = ProtoJson.field(request, "input").orElseThrow(() ->
                new ConnectException(ConnectCode.INVALID_ARGUMENT, "SendInputRequest.input is required"));
        if (ProtoJson.field(input, "pty").isPresent()) {
            throw new ConnectException(ConnectCode.UNIMPLEMENTED, "PTY input is not supported by this backend");
        }
        String data = ProtoJson.string(input, "stdin");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "input.stdin must be base64");
        }
        process.writeStdin(bytes);
        return ProtoJson.object();
    }

    private static JsonNode sendSignal(ProcessManager processes, JsonNode request) {
        SandboxProcess process = select(processes, request);
        JsonNode signal = ProtoJson.field(request, "signal").orElseThrow(() ->
                new ConnectException(ConnectCode.INVALID_ARGUMENT, "SendSignalRequest.signal is required"));
        String name = signal.asText();
        if (name.equals("SIGNAL_SIGKILL") || name.equals("9")) {
            process.signal(ProcessSignal.SIGKILL);
        } else if (name.equals("SIGNAL_SIGTERM") || name.equals("15")) {
            process.signal(ProcessSignal.SIGTERM);
        } else {
            throw new ConnectException(ConnectCode.UNIMPLEMENTED, "signal " + name + " is not supported; use SIGTERM or SIGKILL");
        }
        return ProtoJson.object();
    }

    /** The process a ProcessSelector names: {@code {"process": {"pid": N}}} or {@code {"process": {"tag": "t"}}}. */
    private static SandboxProcess select(ProcessManager processes, JsonNode request) {
        JsonNode selector = ProtoJson.field(request, "process").orElseThrow(() ->
                new ConnectException(ConnectCode.INVALID_ARGUMENT, "a process selector (pid or tag) is required"));
        if (ProtoJson.field(selector, "pid").isPresent()) {
            long pid = ProtoJson.integer(selector, "pid", 0);
            return processes.byPid((int) pid).filter(p -> p.exit().isEmpty()).orElseThrow(() ->
                    new ConnectException(ConnectCode.NOT_FOUND, "process with pid " + pid + " not found"));
        }
        String tag = ProtoJson.string(selector, "tag");
        if (tag.isEmpty()) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "a process selector (pid or tag) is required");
        }
        return processes.byTag(tag).orElseThrow(() ->
                new ConnectException(ConnectCode.NOT_FOUND, "process with tag " + tag + " not found"));
    }

    private static JsonNode startEvent(int pid) {
        ObjectNode message = ProtoJson.object();
        message.putObject("event").putObject("start").put("pid", pid);
        return message;
    }

    static ConnectException map(ProcessException e) {
        switch (e.reason()) {
            case NOT_FOUND:
                return new ConnectException(ConnectCode.NOT_FOUND, e.getMessage());
            case INVALID_ARGUMENT:
                return new ConnectException(ConnectCode.INVALID_ARGUMENT, e.getMessage());
            case FAILED_PRECONDITION:
                return new ConnectException(ConnectCode.FAILED_PRECONDITION, e.getMessage());
            default:
                return new ConnectException(ConnectCode.UNIMPLEMENTED, e.getMessage());
        }
    }
}
