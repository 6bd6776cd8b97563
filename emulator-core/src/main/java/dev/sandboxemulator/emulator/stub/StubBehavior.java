package dev.sandboxemulator.emulator.stub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What a stubbed command does: a fixed result, or a {@link StubHandler}. Immutable; the {@code
 * with...} methods return changed copies.
 *
 * <p>A fixed result waits for its delay (none by default) on the emulator's clock, then writes its
 * stdout and stderr and exits with its code (0 by default):
 *
 * <pre>{@code
 * StubBehavior.stdout("Python 3.11.4\n")
 * StubBehavior.stderr("fatal: not a git repository\n").withExitCode(128)
 * StubBehavior.stdout("done\n").withDelay(Duration.ofMinutes(5))
 * }</pre>
 */
public final class StubBehavior {
    private final String stdout;
    private final String stderr;
    private final int exitCode;
    private final Duration delay;
    private final StubHandler<?> handler;

    private StubBehavior(String stdout, String stderr, int exitCode, Duration delay, StubHandler<?> handler) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.exitCode = exitCode;
        this.delay = delay;
        this.handler = handler;
    }

    /** Prints {@code text} on stdout and exits 0. */
    public static StubBehavior stdout(String text) {
        return new StubBehavior(Objects.requireNonNull(text, "text"), "", 0, Duration.ZERO, null);
    }

    /** Prints {@code text} on stderr and exits 0 (add {@link #withExitCode} for a failure). */
    public static StubBehavior stderr(String text) {
        return new StubBehavior("", Objects.requireNonNull(text, "text"), 0, Duration.ZERO, null);
    }

    /** Prints nothing and exits with {@code code}. */
    public static StubBehavior exitCode(int code) {
        return new StubBehavior("", "", checkCode(code), Duration.ZERO, null);
    }

    /** Runs {@code handler} for each invocation. */
    public static <S> StubBehavior handler(StubHandler<S> handler) {
        return new StubBehavior(null, null, 0, Duration.ZERO, Objects.requireNonNull(handler, "handler"));
    }

    /** A copy that prints {@code text} on stdout. */
    public StubBehavior withStdout(String text) {
        requireFixed("withStdout");
        return new StubBehavior(Objects.requireNonNull(text, "text"), stderr, exitCode, delay, null);
    }

    /** A copy that prints {@code text} on stderr. */
    public StubBehavior withStderr(String text) {
        requireFixed("withStderr");
        return new StubBehavior(stdout, Objects.requireNonNull(text, "text"), exitCode, delay, null);
    }

    /** A copy that exits with {@code code} (0-255). */
    public StubBehavior withExitCode(int code) {
        requireFixed("withExitCode");
        return new StubBehavior(stdout, stderr, checkCode(code), delay, null);
    }

    /** A copy that takes {@code delay} on the emulator's clock before it prints and exits. */
    public StubBehavior withDelay(Duration delay) {
        requireFixed("withDelay");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay < 0: " + delay);
        }
        return new StubBehavior(stdout, stderr, exitCode, delay, null);
    }

    /** The handler that runs this behavior: the one given to {@link #handler}, or a built-in one for a fixed result. */
    public StubHandler<?> handler() {
        if (handler != null) {
            return handler;
        }
        String out = stdout;
        String err = stderr;
        int code = exitCode;
        Duration wait = delay;
        return (StubHandler<Object>) context -> {
            if (wait.isZero()) {
                finish(context, out, err, code);
            } else {
                context.after(wait, later -> finish(later, out, err, code));
            }
        };
    }

    private static void finish(StubContext<?> context, String out, String err, int code) {
        if (!out.isEmpty()) {
            context.stdout(out.getBytes(StandardCharsets.UTF_8));
        }
        if (!err.isEmpty()) {
            context.stderr(err.getBytes(StandardCharsets.UTF_8));
        }
        context.exit(code);
    }

    private void requireFixed(String method) {
        if (handler != null) {
            throw new IllegalStateException(method + " applies to fixed results; a handler decides its own output");
        }
    }

    private static int checkCode(int code) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("exit code must be 0-255, was " + code);
        }
        return code;
    }

    @Override
    public String toString() {
        if (handler != null) {
            return "StubBehavior[handler=" + handler + "]";
        }
        return "StubBehavior[stdout=" + stdout.length() + " chars, stderr=" + stderr.length() + " chars, exitCode="
                + exitCode + ", delay=" + delay + "]";
    }
}
