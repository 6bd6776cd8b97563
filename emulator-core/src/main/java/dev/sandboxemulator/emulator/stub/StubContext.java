package dev.sandboxemulator.emulator.stub;

import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a {@link StubHandler} sees of one running command, and how it acts. Valid only during the
 * callback it was passed to: afterwards every method throws {@link IllegalStateException}, which
 * catches handlers that capture a context instead of using the one passed in (see {@link
 * StubHandler} on clones). Callbacks run with the process's lock held; they must not block.
 *
 * @param <S> the handler's state type
 */
public interface StubContext<S> {

    /** The sandbox the command runs in (a clone's own id for a cloned process). */
    String sandboxId();

    /** The pid of the process whose script runs the command. */
    int pid();

    /** The command line the matcher saw: the words joined by single spaces. */
    String commandLine();

    /** The words after expansion, the command name first. */
    List<String> words();

    /** The words after the command name. */
    List<String> args();

    /** The command's environment: the process's exported variables plus assignments before the command. */
    Map<String, String> env();

    /** The absolute working directory. */
    String cwd();

    /** {@code path} made absolute against {@link #cwd()}, with {@code .} and {@code ..} folded. */
    String resolvePath(String path);

    /** The sandbox's filesystem. */
    SandboxFileSystem fileSystem();

    /** The emulator's current time (for a continuation, the time it was due). */
    Instant now();

    /** Every byte of standard input received so far. */
    byte[] stdin();

    /** Whether standard input has reached its end. */
    boolean stdinClosed();

    /** This invocation's state. */
    S state();

    /** Replaces this invocation's state. */
    void setState(S state);

    /** Writes to the command's standard output (UTF-8). */
    void stdout(String text);

    void stdout(byte[] data);

    /** Writes to the command's standard error (UTF-8). */
    void stderr(String text);

    void stderr(byte[] data);

    /**
     * Runs {@code step} after {@code delay} on the emulator's clock, with the context of the
     * process it then runs in. Steps due at the same time run in the order they were scheduled;
     * pending steps are dropped when the command exits.
     */
    void after(Duration delay, StubStep<S> step);

    /** Ends the command with {@code code} (0-255); nothing may be written afterwards. */
    void exit(int code);

    /** Ends the whole process as killed by {@code signal}, as an uncaught signal would. */
    void exitBySignal(ProcessSignal signal);

    /** Whether {@link #exit} or {@link #exitBySignal} was called. */
    boolean exited();
}
