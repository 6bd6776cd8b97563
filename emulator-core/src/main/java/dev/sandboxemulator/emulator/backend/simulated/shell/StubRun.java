package dev.sandboxemulator.emulator.backend.simulated.shell;

import dev.sandboxemulator.emulator.backend.SandboxPaths;
import dev.sandboxemulator.emulator.backend.simulated.process.Syscalls;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.stub.StubContext;
import dev.sandboxemulator.emulator.stub.StubHandler;
import dev.sandboxemulator.emulator.stub.StubStep;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A stubbed command in progress: the handler's state, its pending continuations (as due times)
 * and the input it has seen. The handler and its continuation objects are shared between copies;
 * the state is copied with the handler's {@link StubHandler#copyState}.
 */
final class StubRun extends CommandFrame.Activity {
    private static final System.Logger LOG = System.getLogger(StubRun.class.getName());

    private final StubHandler<Object> handler;
    private final List<String> words;
    private final Map<String, String> env;
    private final String cwd;
    private final CommandStreams cmdIo;
    private Object state;
    private final List<Pending> pending;
    private final ByteArrayOutputStream received;
    private boolean started;
    private boolean closedDelivered;
    private Integer exitCode;
    private ProcessSignal exitSignal;

    private StubRun(StubHandler<Object> handler, List<String> words, Map<String, String> env, String cwd, CommandStreams cmdIo,
                    Object state, List<Pending> pending, ByteArrayOutputStream received) {
        this.handler = handler;
        this.words = words;
        this.env = env;
        this.cwd = cwd;
        this.cmdIo = cmdIo;
        this.state = state;
        this.pending = pending;
        this.received = received;
    }

    @SuppressWarnings("unchecked")
    static StubRun start(StubHandler<?> handler, List<String> words, Map<String, String> env, String cwd, CommandStreams cmdIo) {
        StubHandler<Object> h = (StubHandler<Object>) handler;
        return new StubRun(h, List.copyOf(words), Map.copyOf(env), cwd, cmdIo, h.initialState(), new ArrayList<>(),
                new ByteArrayOutputStream());
    }

    private record Pending(Instant due, long order, StubStep<Object> step) {
    }

    @Override
    boolean step(Syscalls sys, Job job, CommandFrame frame) {
        if (!started) {
            started = true;
            byte[] initial = sys.available(job, cmdIo.stdin());
            sys.consume(job, cmdIo.stdin(), initial.length);
            received.writeBytes(initial);
            invoke(sys, job, handler::onStart);
            return true;
        }
        if (exitSignal != null) {
            sys.end(ProcessExit.signalled(exitSignal));
            return true;
        }
        if (exitCode != null) {
            sys.finish(job, exitCode);
            return true;
        }
        byte[] data = sys.available(job, cmdIo.stdin());
        if (data.length > 0) {
            sys.consume(job, cmdIo.stdin(), data.length);
            received.writeBytes(data);
            invoke(sys, job, context -> handler.onStdin(context, data.clone()));
            return true;
        }
        if (!closedDelivered && sys.closed(job, cmdIo.stdin())) {
            closedDelivered = true;
            invoke(sys, job, handler::onStdinClosed);
            return true;
        }
        return false;
    }

    @Override
    Frame.Wake wake() {
        if (exitCode != null || exitSignal != null) {
            return null;
        }
        Pending first = null;
        for (Pending p : pending) {
            if (first == null || p.due.isBefore(first.due) || p.due.equals(first.due) && p.order < first.order) {
                first = p;
            }
        }
        return first == null ? null : new Frame.Wake(first.due, first.order);
    }

    @Override
    void fire(Syscalls sys, Job job, CommandFrame frame) {
        Frame.Wake wake = wake();
        if (wake == null) {
            return;
        }
        Pending due = pending.stream().filter(p -> p.order == wake.order()).findFirst().orElseThrow();
        pending.remove(due);
        invoke(sys, job, due.step::run);
    }

    @Override
    void shift(Duration delta) {
        pending.replaceAll(p -> new Pending(p.due.plus(delta), p.order, p.step));
    }

    @Override
    boolean terminate(Syscalls sys, Job job, CommandFrame frame) {
        if (exitCode != null || exitSignal != null) {
            return true;
        }
        invoke(sys, job, context -> handler.onSignal(context, ProcessSignal.SIGTERM));
        return true;
    }

    @Override
    CommandFrame.Activity copy() {
        ByteArrayOutputStream receivedCopy = new ByteArrayOutputStream();
        receivedCopy.writeBytes(received.toByteArray());
        StubRun copy = new StubRun(handler, words, env, cwd, cmdIo, handler.copyState(state), new ArrayList<>(pending),
                receivedCopy);
        copy.started = started;
        copy.closedDelivered = closedDelivered;
        copy.exitCode = exitCode;
        copy.exitSignal = exitSignal;
        return copy;
    }

    private void invoke(Syscalls sys, Job job, Consumer<StubContext<Object>> callback) {
        Context context = new Context(sys, job);
        try {
            callback.accept(context);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the stub for '" + String.join(" ", words) + "' failed", e);
            if (exitCode == null && exitSignal == null) {
                sys.write(job, cmdIo.stderr(), "stub for '" + String.join(" ", words) + "' threw " + e + "\n");
                exitCode = 1;
            }
        } finally {
            context.open = false;
        }
        if (exitCode != null || exitSignal != null) {
            pending.clear();
        }
    }

    /** The view a handler gets during one callback. */
    private final class Context implements StubContext<Object> {
        private final Syscalls sys;
        private final Job job;
        boolean open = true;

        Context(Syscalls sys, Job job) {
            this.sys = sys;
            this.job = job;
        }

        private void check() {
            if (!open) {
                throw new IllegalStateException("this StubContext belongs to a callback that has returned; use the"
                        + " context passed to the current callback (a captured one would not follow clones)");
            }
        }

        private void checkRunning() {
            check();
            if (exitCode != null || exitSignal != null) {
                throw new IllegalStateException("the command '" + String.join(" ", words) + "' has already exited");
            }
        }

        @Override
        public String sandboxId() {
            check();
            return sys.sandboxId();
        }

        @Override
        public int pid() {
            check();
            return sys.pid();
        }

        @Override
        public String commandLine() {
            check();
            return String.join(" ", words);
        }

        @Override
        public List<String> words() {
            check();
            return words;
        }

        @Override
        public List<String> args() {
            check();
            return words.subList(1, words.size());
        }

        @Override
        public Map<String, String> env() {
            check();
            return env;
        }

        @Override
        public String cwd() {
            check();
            return cwd;
        }

        @Override
        public String resolvePath(String path) {
            check();
            return SandboxPaths.resolve(cwd, Objects.requireNonNull(path, "path"));
        }

        @Override
        public SandboxFileSystem fileSystem() {
            check();
            return sys.fs();
        }

        @Override
        public Instant now() {
            check();
            return sys.now();
        }

        @Override
        public byte[] stdin() {
            check();
            return received.toByteArray();
        }

        @Override
        public boolean stdinClosed() {
            check();
            return sys.closed(job, cmdIo.stdin()) && sys.available(job, cmdIo.stdin()).length == 0;
        }

        @Override
        public Object state() {
            check();
            return state;
        }

        @Override
        public void setState(Object newState) {
            check();
            state = newState;
        }

        @Override
        public void stdout(String text) {
            stdout(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void stdout(byte[] data) {
            checkRunning();
            sys.write(job, cmdIo.stdout(), data.clone());
        }

        @Override
        public void stderr(String text) {
            stderr(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void stderr(byte[] data) {
            checkRunning();
            sys.write(job, cmdIo.stderr(), data.clone());
        }

        @Override
        public void after(Duration delay, StubStep<Object> step) {
            checkRunning();
            Objects.requireNonNull(step, "step");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay < 0: " + delay);
            }
            pending.add(new Pending(sys.now().plus(delay), sys.nextOrder(), step));
        }

        @Override
        public void exit(int code) {
            checkRunning();
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("exit code must be 0-255, was " + code);
            }
            exitCode = code;
        }

        @Override
        public void exitBySignal(ProcessSignal signal) {
            checkRunning();
            exitSignal = Objects.requireNonNull(signal, "signal");
        }

        @Override
        public boolean exited() {
            check();
            return exitCode != null || exitSignal != null;
        }
    }
}
