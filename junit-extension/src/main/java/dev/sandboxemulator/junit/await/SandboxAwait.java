package dev.sandboxemulator.junit.await;

import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.EntryInfo;
import dev.sandboxemulator.client.PathNotFoundException;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxConnectionException;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxNotFoundException;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.ManualClock;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.junit.assertj.SandboxAssertions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.awaitility.core.ThrowingRunnable;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Waits for sandboxes to reach a state, for files to appear and for processes to print, by polling through the
 * public client with Awaitility. The docker backend starts, pauses and kills containers asynchronously and its
 * processes run in real time, so a test that checks at once can race; the waits work as well on the simulated
 * backend, where they usually succeed on the first poll.
 *
 * <p>An instance is an immutable set of settings; every {@code with…} method returns a copy, and every wait builds a
 * fresh Awaitility {@link ConditionFactory} from them. Nothing here changes Awaitility's static defaults or installs
 * JVM-wide handlers (Awaitility's catching of uncaught exceptions, which replaces the default uncaught-exception
 * handler while it waits, is switched off), so concurrent tests cannot disturb each other through it.
 *
 * <pre>{@code
 * SandboxAwait await = SandboxAwait.defaults().withTimeout(Duration.ofSeconds(5));
 * sandbox.commands().start("python3 server.py > /tmp/log");
 * await.untilFileContains(sandbox, "/tmp/log", "listening on 8080");
 * }</pre>
 *
 * <p>On timeout a wait throws Awaitility's {@link ConditionTimeoutException}, with a message that says what was
 * awaited and what the last poll saw, such as:
 *
 * <pre>
 * Timed out after 5 seconds waiting for sandbox i1a2b3 to have file "/tmp/ready"; the last poll saw:
 * Expecting sandbox i1a2b3
 * to have file:
 *   "/tmp/ready"
 * but it does not exist; /tmp holds: [boot.log]
 * </pre>
 *
 * <p><b>Time.</b> A wait runs on the clock it was given: {@link #defaults()} runs on the system clock and polls in wall
 * time. On a {@link ManualClock} ({@link #on(SandboxTeam)} for an emulator or tenant on one, or the {@code SandboxAwait}
 * that {@code @SandboxTest} injects, since its tests run on a manual clock by default) nothing would happen while a
 * wait polled in wall time: a {@code sleep} or a stub delay would never end, and the wait would spin until its timeout.
 * So there a wait <em>moves the clock</em>: it polls, and after each failed poll advances the manual clock by the poll
 * interval and pauses a few wall milliseconds (for what the advance released to reach the client), until the condition
 * holds or the clock has moved by the timeout in virtual time. The wait then takes milliseconds of wall time and ends
 * with the clock at most a few poll intervals past the moment the awaited thing happened; it moves time for every
 * sandbox of the emulator or tenant, as {@code manualClock().advance} does. The poll delay, too, is virtual time
 * there. {@link #conditionFactory(String)} always polls in wall time.
 *
 * <p>Most waits poll one of the {@link SandboxAssertions} assertions, so what the last poll saw is that assertion's
 * failure message, with the state, the file's content or the directory listing the sandbox held. Awaitility's own
 * exception is the cause. A wait that can no longer succeed (the sandbox is gone, the command exited without printing
 * what was awaited) fails at once instead of running into the timeout.
 *
 * @param timeout how long a wait may take before it fails; positive
 * @param pollInterval how long to pause between two polls; positive
 * @param pollDelay how long to wait before the first poll; zero or positive, and shorter than {@code timeout}
 * @param clock the clock the waits run on; a {@link ManualClock} is advanced by the waits themselves
 */
public record SandboxAwait(Duration timeout, Duration pollInterval, Duration pollDelay, Clock clock) {
    /** The default timeout, 30 seconds: enough for the docker backend to start a container. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The default poll interval, 100 milliseconds. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    /** The default poll delay: the first poll happens at once. */
    public static final Duration DEFAULT_POLL_DELAY = Duration.ZERO;

    private static final SandboxAwait DEFAULTS =
            new SandboxAwait(DEFAULT_TIMEOUT, DEFAULT_POLL_INTERVAL, DEFAULT_POLL_DELAY);

    /** How long a wait on a manual clock pauses in wall time after each advance, for released work to land. */
    private static final Duration MANUAL_CLOCK_SETTLE = Duration.ofMillis(5);

    /**
     * Checks the settings.
     *
     * @throws NullPointerException if any setting is null
     * @throws IllegalArgumentException if {@code timeout} or {@code pollInterval} is not positive, {@code pollDelay}
     *     is negative, or {@code pollDelay} is not shorter than {@code timeout}
     */
    public SandboxAwait {
        Objects.requireNonNull(clock, "clock == null");
        Objects.requireNonNull(timeout, "timeout == null");
        Objects.requireNonNull(pollInterval, "pollInterval == null");
        Objects.requireNonNull(pollDelay, "pollDelay == null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
        if (pollDelay.isNegative()) {
            throw new IllegalArgumentException("pollDelay must not be negative: " + pollDelay);
        }
        if (pollDelay.compareTo(timeout) >= 0) {
            throw new IllegalArgumentException(
                    "pollDelay (" + pollDelay + ") must be shorter than timeout (" + timeout + ")");
        }
    }

    /** Settings on the system clock: waits poll in wall time. */
    public SandboxAwait(Duration timeout, Duration pollInterval, Duration pollDelay) {
        this(timeout, pollInterval, pollDelay, Clock.systemUTC());
    }

    /**
     * Returns the default settings: a 30-second timeout, polls every 100 milliseconds, the first one at once, on the
     * system clock.
     */
    public static SandboxAwait defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the default settings on {@code team}'s clock (an emulator's or a tenant's): on a manual clock, the waits
     * advance it.
     */
    public static SandboxAwait on(SandboxTeam team) {
        return DEFAULTS.withClock(Objects.requireNonNull(team, "team == null").clock());
    }

    /** Returns a copy whose waits run on {@code clock}; on a {@link ManualClock} they advance it while they poll. */
    public SandboxAwait withClock(Clock clock) {
        return new SandboxAwait(timeout, pollInterval, pollDelay, clock);
    }

    /**
     * Returns a copy with another timeout.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive or not longer than the poll delay
     */
    public SandboxAwait withTimeout(Duration timeout) {
        return new SandboxAwait(timeout, pollInterval, pollDelay, clock);
    }

    /**
     * Returns a copy with another poll interval.
     *
     * @throws IllegalArgumentException if {@code pollInterval} is not positive
     */
    public SandboxAwait withPollInterval(Duration pollInterval) {
        return new SandboxAwait(timeout, pollInterval, pollDelay, clock);
    }

    /**
     * Returns a copy with another poll delay.
     *
     * @throws IllegalArgumentException if {@code pollDelay} is negative or not shorter than the timeout
     */
    public SandboxAwait withPollDelay(Duration pollDelay) {
        return new SandboxAwait(timeout, pollInterval, pollDelay, clock);
    }

    /**
     * Returns a new Awaitility condition factory with these settings, for waits this class does not offer. The
     * {@code description} becomes the condition's alias, which a timeout message quotes: describe what is awaited,
     * such as {@code "sandbox i1a2b3 to print the build id"}. The factory ignores no exceptions and does not catch
     * uncaught exceptions of other threads.
     *
     * @param description what the wait is for
     * @return a fresh factory; changing it does not change this object
     */
    public ConditionFactory conditionFactory(String description) {
        Objects.requireNonNull(description, "description == null");
        return Awaitility.await(description)
                .atMost(timeout)
                .pollInterval(pollInterval)
                .pollDelay(pollDelay)
                .ignoreNoExceptions()
                .dontCatchUncaughtExceptions();
    }

    /**
     * Waits until the control plane reports the sandbox as running, as after {@link Sandbox#connect()} resumed it.
     *
     * @throws ConditionTimeoutException if it is not running in time; the message shows the last state seen
     * @throws SandboxNotFoundException at once if the sandbox no longer exists
     */
    public void untilRunning(Sandbox sandbox) {
        untilState(sandbox, SandboxState.RUNNING);
    }

    /**
     * Waits until the control plane reports the sandbox as paused.
     *
     * @throws ConditionTimeoutException if it is not paused in time; the message shows the last state seen
     * @throws SandboxNotFoundException at once if the sandbox no longer exists
     */
    public void untilPaused(Sandbox sandbox) {
        untilState(sandbox, SandboxState.PAUSED);
    }

    /**
     * Waits until the sandbox no longer exists: the control plane answers its info with "not found", as it does
     * after a kill or once the sandbox's timeout expired.
     *
     * @throws ConditionTimeoutException if it still exists when the time is up; the message shows its last state
     */
    public void untilGone(Sandbox sandbox) {
        Objects.requireNonNull(sandbox, "sandbox == null");
        String description = "sandbox " + sandbox.id() + " to be gone";
        poll(description, conditionFactory(description), () -> SandboxAssertions.assertThat(sandbox).isGone());
    }

    /**
     * Waits until something exists at {@code path} (a file or a directory) and returns what envd reports about it.
     * While envd cannot be reached (a container still booting), polling goes on.
     *
     * @return the entry at {@code path}
     * @throws ConditionTimeoutException if nothing appears in time; the message lists the parent directory as last
     *     seen
     */
    public EntryInfo untilFileExists(Sandbox sandbox, String path) {
        Objects.requireNonNull(sandbox, "sandbox == null");
        Objects.requireNonNull(path, "path == null");
        AtomicReference<EntryInfo> found = new AtomicReference<>();
        String description = "sandbox " + sandbox.id() + " to have file \"" + path + "\"";
        poll(description, conditionFactory(description), SandboxConnectionException.class,
                () -> found.set(entryAt(sandbox, path)));
        return found.get();
    }

    /**
     * Waits until the file at {@code path} exists and contains {@code text}, and returns its content. While envd
     * cannot be reached (a container still booting), polling goes on.
     *
     * @return the file's content when it first contained {@code text}
     * @throws ConditionTimeoutException if the file does not contain {@code text} in time; the message shows its last
     *     content, or the parent directory's entries if it never appeared
     */
    public String untilFileContains(Sandbox sandbox, String path, String text) {
        Objects.requireNonNull(sandbox, "sandbox == null");
        Objects.requireNonNull(path, "path == null");
        Objects.requireNonNull(text, "text == null");
        AtomicReference<String> content = new AtomicReference<>();
        String description = "sandbox " + sandbox.id() + " to have file \"" + path + "\" containing \"" + text + "\"";
        poll(description, conditionFactory(description), SandboxConnectionException.class,
                () -> {
                    SandboxAssertions.assertThat(sandbox).hasFileContaining(path, text);
                    String read = sandbox.files().readText(path);
                    if (!read.contains(text)) {
                        throw new AssertionError("the file changed again after it contained the text; it now holds: \""
                                + read + "\"");
                    }
                    content.set(read);
                });
        return content.get();
    }

    /**
     * Waits until a running command's standard output contains {@code text}, and returns the output received so far.
     *
     * @return the standard output received when it first contained {@code text}
     * @throws ConditionTimeoutException if the text does not appear in time; the message shows the output received
     * @throws TerminalFailureException at once if the command exits, or the handle is disconnected, without having
     *     printed {@code text}
     */
    public String untilOutputContains(CommandHandle handle, String text) {
        Objects.requireNonNull(handle, "handle == null");
        Objects.requireNonNull(text, "text == null");
        return untilOutput(handle, "process " + handle.pid() + " to print \"" + text + "\"",
                (stdout, exited) -> stdout.contains(text));
    }

    /**
     * Connects to a running process and waits until it prints {@code line} as a whole line of standard output, then
     * disconnects (the process keeps running). Whether lines printed before the connection count depends on envd:
     * the emulator replays a process's earlier output on connect.
     *
     * @param sandbox the sandbox that runs the process
     * @param pid the process ID
     * @param line the line to wait for, without its line terminator
     * @return the standard output received through the connection when the line arrived
     * @throws dev.sandboxemulator.client.NotFoundException if there is no process {@code pid}
     * @throws ConditionTimeoutException if the line is not printed in time; the message shows the output received
     * @throws TerminalFailureException at once if the process exits without having printed the line
     */
    public String untilProcessPrints(Sandbox sandbox, int pid, String line) {
        Objects.requireNonNull(sandbox, "sandbox == null");
        Objects.requireNonNull(line, "line == null");
        try (CommandHandle handle = sandbox.commands().connect(pid)) {
            return untilOutput(handle, "process " + pid + " in sandbox " + sandbox.id() + " to print the line \""
                    + line + "\"", (stdout, exited) -> hasLine(stdout, line, exited));
        }
    }

    /**
     * Polls {@code probe} until its value matches {@code condition}, and returns that value.
     *
     * @param probe what to observe; an exception it throws ends the wait at once
     * @param condition when to stop
     * @return the first value that matched
     * @throws ConditionTimeoutException if no value matches in time; the message shows the last value observed
     */
    public <T> T until(Callable<T> probe, Predicate<? super T> condition) {
        return until("a value to match the condition", probe, condition);
    }

    /**
     * Polls {@code probe} until its value matches {@code condition}, and returns that value. The {@code description}
     * names the wait in the timeout message, such as {@code "the build to report 3 artifacts"}.
     *
     * @param description what is awaited
     * @param probe what to observe; an exception it throws ends the wait at once
     * @param condition when to stop
     * @return the first value that matched
     * @throws ConditionTimeoutException if no value matches in time; the message shows the last value observed
     */
    public <T> T until(String description, Callable<T> probe, Predicate<? super T> condition) {
        Objects.requireNonNull(probe, "probe == null");
        Objects.requireNonNull(condition, "condition == null");
        AtomicReference<T> matched = new AtomicReference<>();
        poll(description, conditionFactory(description), () -> {
            T value = probe.call();
            if (!condition.test(value)) {
                throw new AssertionError("the value " + value + ", which does not match");
            }
            matched.set(value);
        });
        return matched.get();
    }

    private void untilState(Sandbox sandbox, SandboxState expected) {
        Objects.requireNonNull(sandbox, "sandbox == null");
        String description = "sandbox " + sandbox.id() + " to be " + expected;
        poll(description, conditionFactory(description), () -> {
            SandboxInfo info;
            try {
                info = sandbox.info();
            } catch (SandboxNotFoundException e) {
                throw new SandboxNotFoundException("Sandbox " + sandbox.id() + " no longer exists, so it will never be "
                        + expected + " (it was killed, or its timeout expired)", e.statusCode(), e);
            }
            if (info.state() != expected) {
                // Fails with the state it sees; passes if the state changed in between.
                SandboxAssertions.assertThat(sandbox).isInState(expected);
            }
        });
    }

    /**
     * Polls {@code assertion} until it passes. On timeout, replaces Awaitility's message, which names the lambda's
     * class, with one that says what was awaited and what the last poll saw (the last assertion's message).
     */
    private void poll(String description, ConditionFactory factory, ThrowingRunnable assertion) {
        poll(description, factory, null, assertion);
    }

    /**
     * Polls {@code assertion} until it passes: on a manual clock by moving it, otherwise with {@code factory} in wall
     * time. {@code ignored}, if not null, is an exception type that means "not yet" rather than ending the wait.
     */
    private void poll(String description, ConditionFactory factory, Class<? extends Throwable> ignored,
                      ThrowingRunnable assertion) {
        if (clock instanceof ManualClock) {
            pollMovingTheClock((ManualClock) clock, description, ignored, assertion);
            return;
        }
        pollInWallTime(description, ignored == null ? factory : factory.ignoreExceptionsInstanceOf(ignored), assertion);
    }

    /**
     * The manual-clock wait (see the class comment): poll; on failure advance the clock by the poll interval and
     * pause briefly; stop when the assertion passes or the clock has moved by the timeout.
     */
    private void pollMovingTheClock(ManualClock manual, String description, Class<? extends Throwable> ignored,
                                    ThrowingRunnable assertion) {
        Duration moved = Duration.ZERO;
        if (!pollDelay.isZero()) {
            manual.advance(pollDelay);
            moved = pollDelay;
        }
        Throwable last;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError notYet) {
                last = notYet;
            } catch (Throwable failure) {
                if (ignored == null || !ignored.isInstance(failure)) {
                    throw SandboxAwait.<RuntimeException>sneaky(failure);
                }
                last = failure;
            }
            if (moved.compareTo(timeout) >= 0) {
                break;
            }
            Duration step = pollInterval.compareTo(timeout.minus(moved)) <= 0 ? pollInterval : timeout.minus(moved);
            manual.advance(step);
            moved = moved.plus(step);
            try {
                Thread.sleep(MANUAL_CLOCK_SETTLE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConditionTimeoutException("Interrupted while waiting for " + description, e);
            }
        }
        String seen = last.getMessage() == null ? last.toString() : last.getMessage().strip();
        throw new ConditionTimeoutException("Timed out after " + describe(timeout)
                + " of virtual time (the wait moved the manual clock that far) waiting for " + description
                + "; the last poll saw:" + System.lineSeparator() + seen, last);
    }

    /** Rethrows {@code failure} as it is, checked or not, as Awaitility does with what a condition throws. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }

    private void pollInWallTime(String description, ConditionFactory factory, ThrowingRunnable assertion) {
        // Awaitility sets the last failure as the timeout's cause only when no poll was in flight at the deadline, and
        // it interrupts a poll in flight: the error that interruption causes says nothing about the sandbox.
        AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            factory.untilAsserted(() -> {
                try {
                    assertion.run();
                } catch (Throwable failure) {
                    // A poll cut short by the deadline may fail anywhere, even while an assertion builds its
                    // message (a listing interrupted halfway): it never replaces a complete observation.
                    boolean cutShort = Thread.currentThread().isInterrupted() || System.nanoTime() - deadline >= 0;
                    if (!cutShort || lastFailure.get() == null) {
                        lastFailure.set(failure);
                    }
                    throw failure;
                }
            });
        } catch (ConditionTimeoutException e) {
            Throwable last = lastFailure.get();
            String seen = last == null || last.getMessage() == null
                    ? "nothing (no poll completed)"
                    : last.getMessage().strip();
            throw new ConditionTimeoutException(
                    "Timed out after " + describe(timeout) + " waiting for " + description + "; the last poll saw:"
                            + System.lineSeparator() + seen,
                    e);
        }
    }

    /** Describes a timeout as Awaitility's messages do: {@code 300 milliseconds}, {@code 30 seconds}. */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            long seconds = millis / 1000;
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        return millis + (millis == 1 ? " millisecond" : " milliseconds");
    }

    private static EntryInfo entryAt(Sandbox sandbox, String path) {
        try {
            return sandbox.files().getInfo(path);
        } catch (PathNotFoundException e) {
            // Fails with the parent directory's entries, unless the file appeared in between.
            SandboxAssertions.assertThat(sandbox).hasFile(path);
            throw new AssertionError("\"" + path + "\" appeared while it was being checked; checking again", e);
        }
    }

    private String untilOutput(CommandHandle handle, String description, BiPredicate<String, Boolean> printed) {
        AtomicReference<String> output = new AtomicReference<>();
        poll(description, conditionFactory(description), () -> {
            // Read the exit code first: output that arrived before the exit is then complete.
            boolean ended = handle.exitCode().isPresent();
            String stdout = handle.stdout();
            if (printed.test(stdout, ended)) {
                output.set(stdout);
                return;
            }
            if (ended) {
                throw new TerminalFailureException("Process " + handle.pid() + " exited with code "
                        + handle.exitCode().get() + " before " + description + "; its stdout was:\n  \"" + stdout
                        + "\"\nand its stderr:\n  \"" + handle.stderr() + "\"");
            }
            throw new AssertionError("the stdout received so far was:\n  \"" + stdout + "\"");
        });
        return output.get();
    }

    /** Returns true if {@code stdout} holds {@code line} as a terminated line, or as its unfinished end once exited. */
    static boolean hasLine(String stdout, String line, boolean exited) {
        String[] segments = stdout.split("\n", -1);
        int complete = exited ? segments.length : segments.length - 1;
        for (int i = 0; i < complete; i++) {
            String segment = segments[i].endsWith("\r") ? segments[i].substring(0, segments[i].length() - 1)
                    : segments[i];
            if (segment.equals(line)) {
                return true;
            }
        }
        return false;
    }
}
