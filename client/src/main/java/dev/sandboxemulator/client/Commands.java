package dev.sandboxemulator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandboxemulator.client.internal.EnvdApi;
import dev.sandboxemulator.client.internal.EnvdMapping;
import dev.sandboxemulator.client.internal.EnvdVersion;
import dev.sandboxemulator.client.internal.ProtoJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Runs and manages commands in one sandbox through envd's {@code process.Process} service; get it from
 * {@link Sandbox#commands()}. Immutable and thread-safe.
 *
 * <p>Every command runs as {@code /bin/bash -l -c <cmd>}, like the SDK. Besides the exceptions listed on each method,
 * every call may throw {@link AuthenticationException} (a bad envd access token or user), {@link SandboxTimeoutException}
 * (the request timed out, or the sandbox is unreachable, most likely because its timeout expired),
 * {@link SandboxConnectionException} (envd could not be reached), and {@link SandboxException} for any other failure.
 */
public final class Commands {
    /** The oldest envd with {@code CloseStdin}. */
    static final String CLOSE_STDIN_VERSION = "0.5.2";

    private static final String START = "/process.Process/Start";
    private static final String CONNECT = "/process.Process/Connect";
    private static final String LIST = "/process.Process/List";
    private static final String SEND_INPUT = "/process.Process/SendInput";
    private static final String SEND_SIGNAL = "/process.Process/SendSignal";
    private static final String CLOSE_STDIN = "/process.Process/CloseStdin";

    private final EnvdApi api;

    Commands(EnvdApi api) {
        this.api = api;
    }

    /**
     * Runs {@code cmd} with the default options (60-second timeout, no stdin) and waits for it to exit.
     *
     * @throws CommandExitException if the exit code is not 0; it carries the output
     * @throws SandboxTimeoutException if the command ran longer than 60 seconds; envd killed it
     * @throws SandboxException for the other failures listed on this class and on {@link CommandHandle#waitFor()}
     */
    public CommandResult run(String cmd) {
        return run(cmd, RunOptions.DEFAULT);
    }

    /**
     * Runs {@code cmd} and waits for it to exit. The output callbacks fire while it runs.
     *
     * @throws CommandExitException if the exit code is not 0; it carries the output
     * @throws InvalidArgumentException if envd rejects the command, for example because {@code cwd} does not exist
     * @throws SandboxTimeoutException if the command ran longer than {@link RunOptions#timeout()}; envd killed it
     * @throws SandboxException for the other failures listed on this class and on {@link CommandHandle#waitFor()}
     */
    public CommandResult run(String cmd, RunOptions options) {
        return start(cmd, options).waitFor();
    }

    /**
     * Starts {@code cmd} in the background with the default options and returns once envd reports its PID.
     *
     * @throws SandboxException for the failures listed on {@link #start(String, RunOptions)}
     */
    public CommandHandle start(String cmd) {
        return start(cmd, RunOptions.DEFAULT);
    }

    /**
     * Starts {@code cmd} in the background and returns once envd reports its PID ({@code process.Process/Start}, a
     * server stream). The command runs until it exits, its timeout expires, or it is killed; disconnecting the handle
     * does not stop it.
     *
     * @throws InvalidArgumentException if envd rejects the command, for example because {@code cwd} does not exist
     * @throws SandboxNotFoundException if the sandbox stopped answering before the command started
     * @throws SandboxTimeoutException if envd did not start the command within the request timeout
     * @throws SandboxException if the stream did not begin with a start event ({@code "Expected start event"}), or for
     *     the other failures listed on this class
     */
    public CommandHandle start(String cmd, RunOptions options) {
        Objects.requireNonNull(cmd, "cmd == null");
        Objects.requireNonNull(options, "options == null");
        ObjectNode process = ProtoJson.object();
        process.put("cmd", "/bin/bash");
        process.putArray("args").add("-l").add("-c").add(cmd);
        if (!options.envs().isEmpty()) {
            ObjectNode envs = process.putObject("envs");
            options.envs().forEach(envs::put);
        }
        options.cwd().ifPresent(cwd -> process.put("cwd", cwd));
        ObjectNode request = ProtoJson.object();
        request.set("process", process);
        request.put("stdin", options.stdin());
        return CommandHandle.open(
                this,
                api.stream(START, request, options.user().orElse(null), options.timeout()),
                options,
                requestTimeout(options));
    }

    /**
     * Connects to a running command with the default options, to follow its output and wait for it.
     *
     * @throws SandboxException for the failures listed on {@link #connect(int, RunOptions)}
     */
    public CommandHandle connect(int pid) {
        return connect(pid, RunOptions.DEFAULT);
    }

    /**
     * Connects to a running command ({@code process.Process/Connect}, a server stream), to receive its output from now
     * on and its exit. Only {@code timeout}, {@code requestTimeout} and the output callbacks of {@code options} apply.
     *
     * @throws NotFoundException if there is no process {@code pid}
     * @throws SandboxTimeoutException if envd did not answer within the request timeout
     * @throws SandboxException for the other failures listed on this class
     */
    public CommandHandle connect(int pid, RunOptions options) {
        Objects.requireNonNull(options, "options == null");
        ObjectNode request = ProtoJson.object();
        request.set("process", selector(pid));
        return CommandHandle.open(
                this, api.stream(CONNECT, request, null, options.timeout()), options, requestTimeout(options));
    }

    /**
     * Returns the processes running in the sandbox that envd started ({@code process.Process/List}).
     *
     * @throws SandboxException for the failures listed on this class
     */
    public List<ProcessInfo> list() {
        JsonNode response = api.call(LIST, ProtoJson.object(), null, null, false);
        JsonNode processes = ProtoJson.member(response, "processes");
        List<ProcessInfo> infos = new ArrayList<>();
        if (processes != null) {
            processes.forEach(process -> infos.add(EnvdMapping.toProcessInfo(process)));
        }
        return Collections.unmodifiableList(infos);
    }

    /**
     * Writes {@code data}, encoded as UTF-8, to a command's standard input ({@code process.Process/SendInput}). The
     * command must have been started with {@link RunOptions#stdin()} true.
     *
     * @throws NotFoundException if there is no process {@code pid}
     * @throws SandboxException for the other failures listed on this class
     */
    public void sendStdin(int pid, String data) {
        sendStdin(pid, Objects.requireNonNull(data, "data == null").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code data} to a command's standard input ({@code process.Process/SendInput}, bytes as base64).
     *
     * @throws NotFoundException if there is no process {@code pid}
     * @throws SandboxException for the other failures listed on this class
     */
    public void sendStdin(int pid, byte[] data) {
        Objects.requireNonNull(data, "data == null");
        ObjectNode request = ProtoJson.object();
        request.set("process", selector(pid));
        request.putObject("input").put("stdin", ProtoJson.base64(data));
        api.call(SEND_INPUT, request, null, null, false);
    }

    /**
     * Closes a command's standard input, so it reads end-of-file ({@code process.Process/CloseStdin}, envd 0.5.2 or
     * newer).
     *
     * @throws TemplateException if the sandbox's envd is older than 0.5.2 (checked before any request)
     * @throws NotFoundException if there is no process {@code pid}
     * @throws SandboxException for the other failures listed on this class
     */
    public void closeStdin(int pid) {
        if (EnvdVersion.isBelow(api.envdVersion(), CLOSE_STDIN_VERSION)) {
            throw new TemplateException(
                    "Closing stdin needs envd " + CLOSE_STDIN_VERSION + " or newer; the sandbox runs envd "
                            + api.envdVersion() + ". Rebuild the template.");
        }
        ObjectNode request = ProtoJson.object();
        request.set("process", selector(pid));
        api.call(CLOSE_STDIN, request, null, null, false);
    }

    /**
     * Kills a command with SIGKILL ({@code process.Process/SendSignal}).
     *
     * @return true if it was killed, false if there was no such process ({@code not_found})
     * @throws SandboxException for the failures listed on this class
     */
    public boolean kill(int pid) {
        ObjectNode request = ProtoJson.object();
        request.set("process", selector(pid));
        request.put("signal", "SIGNAL_SIGKILL");
        EnvdApi.RpcOutcome outcome = api.unary(SEND_SIGNAL, request, null, null);
        if (outcome.error() != null) {
            if (outcome.error().is("not_found")) {
                return false;
            }
            throw outcome.error().toException(false);
        }
        return true;
    }

    private Duration requestTimeout(RunOptions options) {
        return options.requestTimeout().orElse(api.requestTimeout());
    }

    private static ObjectNode selector(int pid) {
        ObjectNode selector = ProtoJson.object();
        selector.put("pid", pid);
        return selector;
    }

    @Override
    public String toString() {
        return "Commands{" + api + "}";
    }
}
