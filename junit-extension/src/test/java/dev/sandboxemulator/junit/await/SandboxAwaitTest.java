package dev.sandboxemulator.junit.await;

import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.EntryInfo;
import dev.sandboxemulator.client.NotFoundException;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxNotFoundException;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sandboxemulator.junit.assertj.SandboxAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SandboxAwait} against the simulated backend on a manual clock. A wait succeeds when the clock is moved before
 * it starts, or by another thread while it polls; a wait that cannot succeed runs into a short timeout, whose message
 * must say what was awaited and what was seen last.
 */
class SandboxAwaitTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration SOON = Duration.ofMillis(200);

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().start();
    private final SandboxClient client = SandboxClient.builder()
            .apiUrl(emulator.apiUrl())
            .sandboxUrl(emulator.sandboxUrl())
            .apiKey("test")
            .build();
    private final Sandbox sandbox = client.create();
    private final SandboxAwait await = SandboxAwait.defaults().withTimeout(Duration.ofSeconds(10));
    private final SandboxAwait impatient =
            SandboxAwait.defaults().withTimeout(SHORT).withPollInterval(Duration.ofMillis(20));

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    /** Runs {@code action} on another thread after {@link #SOON}, while the test waits. */
    private static CompletableFuture<Void> soon(Runnable action) {
        return CompletableFuture.runAsync(
                action, CompletableFuture.delayedExecutor(SOON.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void advance(Duration amount) {
        emulator.manualClock().advance(amount);
    }

    @Nested
    class Settings {

        @Test
        void theDefaultsAreThirtySecondsEveryHundredMillisecondsFromTheStart() {
            SandboxAwait defaults = SandboxAwait.defaults();

            assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(defaults.pollInterval()).isEqualTo(Duration.ofMillis(100));
            assertThat(defaults.pollDelay()).isEqualTo(Duration.ZERO);
        }

        @Test
        void withCopiesLeaveTheOriginalUnchanged() {
            SandboxAwait defaults = SandboxAwait.defaults();
            SandboxAwait changed = defaults.withTimeout(Duration.ofSeconds(2))
                    .withPollInterval(Duration.ofMillis(10))
                    .withPollDelay(Duration.ofMillis(5));

            assertThat(changed)
                    .isEqualTo(new SandboxAwait(Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(5)));
            assertThat(defaults).isEqualTo(SandboxAwait.defaults());
            assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void nonsensicalSettingsAreRejected() {
            SandboxAwait defaults = SandboxAwait.defaults();

            assertThatThrownBy(() -> defaults.withTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
            assertThatThrownBy(() -> defaults.withPollInterval(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollInterval must be positive");
            assertThatThrownBy(() -> defaults.withPollDelay(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pollDelay must not be negative");
            assertThatThrownBy(() -> defaults.withPollDelay(Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be shorter than timeout");
            assertThatThrownBy(() -> defaults.withTimeout(null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void timeoutsAreDescribedInWords() {
            assertThat(SandboxAwait.describe(Duration.ofMillis(300))).isEqualTo("300 milliseconds");
            assertThat(SandboxAwait.describe(Duration.ofSeconds(1))).isEqualTo("1 second");
            assertThat(SandboxAwait.describe(Duration.ofSeconds(30))).isEqualTo("30 seconds");
        }

        @Test
        void waitingLeavesTheJvmsDefaultUncaughtExceptionHandlerAlone() {
            Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();

            Thread.UncaughtExceptionHandler during =
                    await.until(Thread::getDefaultUncaughtExceptionHandler, handler -> true);

            assertThat(during).isSameAs(before);
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(before);
        }

        @Test
        void eachConditionFactoryIsFreshAndCarriesTheSettings() {
            assertThat(await.conditionFactory("a")).isNotSameAs(await.conditionFactory("a"));
            assertThatThrownBy(() -> impatient.conditionFactory("the impossible").until(() -> false))
                    .isInstanceOf(ConditionTimeoutException.class)
                    .hasMessageContaining("the impossible")
                    .hasMessageContaining("300 milliseconds");
        }
    }

    @Nested
    class States {

        @Test
        void untilRunningReturnsOnceAnotherThreadResumesThePausedSandbox() {
            sandbox.pause();
            CompletableFuture<Void> resume = soon(sandbox::connect);

            await.untilRunning(sandbox);

            resume.join();
            assertThat(sandbox).isRunning();
        }

        @Test
        void untilPausedReturnsOnceAnotherThreadPausesTheSandbox() {
            CompletableFuture<Void> pause = soon(sandbox::pause);

            await.untilPaused(sandbox);

            pause.join();
            assertThat(sandbox).isInState(SandboxState.PAUSED);
        }

        @Test
        void untilPausedTimesOutNamingTheSandboxAndItsLastState() {
            assertThatThrownBy(() -> impatient.untilPaused(sandbox))
                    .isInstanceOf(ConditionTimeoutException.class)
                    .hasMessageStartingWith("Timed out after 300 milliseconds waiting for sandbox " + sandbox.id()
                            + " to be PAUSED; the last poll saw:")
                    .hasMessageContaining("to be in state:%n  PAUSED%nbut was:%n  RUNNING".formatted());
        }

        @Test
        void untilRunningFailsAtOnceForASandboxThatIsGone() {
            sandbox.kill();
            long start = System.nanoTime();

            assertThatThrownBy(() -> await.untilRunning(sandbox))
                    .isInstanceOf(SandboxNotFoundException.class)
                    .hasMessageContaining("Sandbox " + sandbox.id() + " no longer exists, so it will never be RUNNING");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }

        @Test
        void untilGoneReturnsOnceTheSandboxsTimeoutExpiresOnTheManualClock() {
            sandbox.setTimeout(Duration.ofSeconds(10));
            CompletableFuture<Void> expire = soon(() -> advance(Duration.ofSeconds(10)));

            await.untilGone(sandbox);

            expire.join();
            assertThat(sandbox).isGone();
        }

        @Test
        void untilGoneTimesOutSayingTheSandboxStillExists() {
            assertThatThrownBy(() -> impatient.untilGone(sandbox))
                    .isInstanceOf(ConditionTimeoutException.class)
                    .hasMessageContaining("sandbox " + sandbox.id() + " to be gone")
                    .hasMessageContaining("but it still exists in state:%n  RUNNING".formatted());
        }
    }

    @Nested
    class Files {

        @Test
        void untilFileExistsReturnsTheEntryOnceTheSleepingCommandWroteIt() {
            sandbox.commands().start("sleep 5; echo ready > /tmp/f");
            advance(Duration.ofSeconds(5));

            EntryInfo entry = await.untilFileExists(sandbox, "/tmp/f");

            assertThat(entry.path()).isEqualTo("/tmp/f");
            assertThat(entry.isFile()).isTrue();
            assertThat(sandbox).hasFileWithContent("/tmp/f", "ready\n");
        }

        @Test
        void untilFileExistsWaitsWhileAnotherThreadMovesTheClock() {
            sandbox.commands().start("sleep 5; mkdir -p /tmp/out");
            CompletableFuture<Void> clock = soon(() -> advance(Duration.ofSeconds(5)));

            EntryInfo entry = await.untilFileExists(sandbox, "/tmp/out");

            clock.join();
            assertThat(entry.isDirectory()).isTrue();
        }

        @Test
        void untilFileExistsTimesOutListingTheParentDirectory() {
            sandbox.files().write("/tmp/other", "");

            assertThatThrownBy(() -> impatient.untilFileExists(sandbox, "/tmp/never"))
                    .isInstanceOf(ConditionTimeoutException.class)
                    .hasMessageContaining("sandbox " + sandbox.id() + " to have file \"/tmp/never\"")
                    .hasMessageContaining("but it does not exist; /tmp holds: [other]");
        }

        @Test
        void untilFileContainsReturnsTheContentOnceTheTextIsAppended() {
            sandbox.commands().start("echo starting > /tmp/log; sleep 5; echo ready >> /tmp/log");
            CompletableFuture<Void> clock = soon(() -> advance(Duration.ofSeconds(5)));

            String content = await.untilFileContains(sandbox, "/tmp/log", "ready");

            clock.join();
            assertThat(content).isEqualTo("starting\nready\n");
        }

        @Test
        void untilFileContainsTimesOutShowingTheLastContent() {
            sandbox.commands().start("echo starting > /tmp/log; sleep 100; echo ready >> /tmp/log");
            await.untilFileExists(sandbox, "/tmp/log");

            assertThatThrownBy(() -> impatient.untilFileContains(sandbox, "/tmp/log", "ready"))
                    .isInstanceOf(ConditionTimeoutException.class)
                    .hasMessageContaining("to have file \"/tmp/log\" containing \"ready\"")
                    .hasMessageContaining("but its content was:%n  \"starting%n\"".formatted());
        }
    }

    @Nested
    class Output {

        @Test
        void untilOutputContainsReturnsTheOutputOnceTheTextArrives() {
            CommandHandle handle = sandbox.commands().start("echo tick; sleep 5; echo tock; sleep 100");
            CompletableFuture<Void> clock = soon(() -> advance(Duration.ofSeconds(5)));

            String stdout = await.untilOutputContains(handle, "tock");

            clock.join();
            assertThat(stdout).isEqualTo("tick\ntock\n");
        }

        @Test
        void untilOutputContainsTimesOutShowingTheOutputSoFar() {
            CommandHandle handle = sandbox.commands().start("echo tick; sleep 100; echo tock");

            assertThatThrownBy(() -> impatient.untilOutputContains(handle, "tock"))
                    .isInstanceOf(ConditionTimeoutException.class)
                    .hasMessageContaining("process " + handle.pid() + " to print \"tock\"")
                    .hasMessageContaining("the stdout received so far was:%n  \"tick%n\"".formatted());
        }

        @Test
        void untilOutputContainsFailsAtOnceWhenTheCommandExitsWithoutTheText() {
            CommandHandle handle = sandbox.commands().start("echo tick; echo oops >&2; exit 2");

            assertThatThrownBy(() -> await.untilOutputContains(handle, "tock"))
                    .isInstanceOf(TerminalFailureException.class)
                    .hasMessageContaining("Process " + handle.pid() + " exited with code 2 before process "
                            + handle.pid() + " to print \"tock\"")
                    .hasMessageContaining("its stdout was:%n  \"tick%n\"".formatted())
                    .hasMessageContaining("its stderr:%n  \"oops%n\"".formatted());
        }

        @Test
        void untilProcessPrintsConnectsToTheProcessAndLeavesItRunning() {
            CommandHandle started = sandbox.commands().start("sleep 5; echo ready; sleep 1000");
            started.disconnect();
            CompletableFuture<Void> clock = soon(() -> advance(Duration.ofSeconds(5)));

            String stdout = await.untilProcessPrints(sandbox, started.pid(), "ready");

            clock.join();
            assertThat(stdout).isEqualTo("ready\n");
            assertThat(sandbox).hasProcessWithPid(started.pid());
        }

        @Test
        void untilProcessPrintsWantsAWholeLine() {
            CommandHandle started = sandbox.commands().start("echo already; sleep 1000");

            assertThatThrownBy(() -> impatient.untilProcessPrints(sandbox, started.pid(), "ready"))
                    .isInstanceOf(ConditionTimeoutException.class)
                    .hasMessageContaining("process " + started.pid() + " in sandbox " + sandbox.id()
                            + " to print the line \"ready\"")
                    .hasMessageContaining("the stdout received so far was:%n  \"already%n\"".formatted());
        }

        @Test
        void untilProcessPrintsFailsAtOnceWhenTheProcessExitsWithoutTheLine() {
            CommandHandle started = sandbox.commands().start("echo starting; sleep 5; echo crashed");
            CompletableFuture<Void> clock = soon(() -> advance(Duration.ofSeconds(5)));

            assertThatThrownBy(() -> await.untilProcessPrints(sandbox, started.pid(), "ready"))
                    .isInstanceOf(TerminalFailureException.class)
                    .hasMessageContaining("exited with code 0 before process " + started.pid())
                    .hasMessageContaining("its stdout was:%n  \"starting%ncrashed%n\"".formatted());
            clock.join();
        }

        @Test
        void untilProcessPrintsRejectsAnUnknownPid() {
            assertThatThrownBy(() -> await.untilProcessPrints(sandbox, 99999, "ready"))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void aLineCountsOnlyWhenItIsCompleteOrTheProcessHasExited() {
            assertThat(SandboxAwait.hasLine("rea", "ready", false)).isFalse();
            assertThat(SandboxAwait.hasLine("ready", "ready", false)).isFalse();
            assertThat(SandboxAwait.hasLine("ready", "ready", true)).isTrue();
            assertThat(SandboxAwait.hasLine("x\nready\r\nmore", "ready", false)).isTrue();
            assertThat(SandboxAwait.hasLine("already\n", "ready", false)).isFalse();
        }
    }

    @Nested
    class Generic {

        @Test
        void untilReturnsTheFirstValueThatMatches() {
            AtomicInteger polls = new AtomicInteger();

            int value = await.until(polls::incrementAndGet, n -> n >= 3);

            assertThat(value).isEqualTo(3);
        }

        @Test
        void untilTimesOutWithTheDescriptionAndTheLastValue() {
            assertThatThrownBy(() -> impatient.until("the answer", () -> 41, n -> n == 42))
                    .isInstanceOf(ConditionTimeoutException.class)
                    .hasMessage("Timed out after 300 milliseconds waiting for the answer; the last poll saw:%n"
                            .formatted() + "the value 41, which does not match")
                    .hasCauseInstanceOf(ConditionTimeoutException.class);
        }

        @Test
        void anExceptionFromTheProbeEndsTheWaitAtOnce() {
            assertThatThrownBy(() -> await.until(() -> {
                throw new IllegalStateException("probe broke");
            }, value -> true))
                    .hasMessageContaining("probe broke");
        }
    }
}
