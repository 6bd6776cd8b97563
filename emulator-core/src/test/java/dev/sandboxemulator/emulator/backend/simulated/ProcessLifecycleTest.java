package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.backend.simulated.ShellHarness.Recorder;
import dev.sandboxemulator.emulator.backend.simulated.ShellHarness.Run;
import dev.sandboxemulator.emulator.backend.simulated.process.SimulatedProcesses;
import dev.sandboxemulator.emulator.spi.OutputChunk;
import dev.sandboxemulator.emulator.spi.ProcessException;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessLifecycleTest {

    private final ShellHarness sandbox = new ShellHarness();

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void pidsStartAtTheBaseAndGrow() {
        Run first = sandbox.run("true");
        Run second = sandbox.run("true");

        assertThat(first.process().pid()).isEqualTo(SimulatedProcesses.FIRST_PID);
        assertThat(second.process().pid()).isEqualTo(SimulatedProcesses.FIRST_PID + 1);
    }

    @Test
    void aSleepingProcessPrintsOnlyAsTheClockAdvances() {
        Run run = sandbox.start("for i in 1 2 3; do echo tick $i; sleep 10; done; echo finished");

        assertThat(run.stdout()).isEqualTo("tick 1\n");
        sandbox.advance(Duration.ofSeconds(10));
        assertThat(run.stdout()).isEqualTo("tick 1\ntick 2\n");
        sandbox.advance(Duration.ofSeconds(15));
        assertThat(run.stdout()).isEqualTo("tick 1\ntick 2\ntick 3\n");
        assertThat(run.running()).isTrue();
        sandbox.advance(Duration.ofSeconds(5));
        assertThat(run.stdout()).endsWith("finished\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void oneBigClockStepRunsEveryWaitAtItsOwnTime() {
        Run run = sandbox.start("sleep 10; date +%s; sleep 5; date +%s");

        sandbox.advance(Duration.ofHours(1));

        long start = dev.sandboxemulator.emulator.ManualClock.DEFAULT_START.getEpochSecond();
        assertThat(run.stdout()).isEqualTo((start + 10) + "\n" + (start + 15) + "\n");
    }

    @Test
    void listShowsRunningProcessesAndByPidFindsEndedOnes() {
        Run sleeping = sandbox.start("sleep 100");
        Run done = sandbox.run("echo hi");

        assertThat(sandbox.processes().list()).extracting(SandboxProcess::pid)
                .containsExactly(sleeping.process().pid());
        assertThat(sandbox.processes().byPid(done.process().pid())).isPresent();
        assertThat(sandbox.processes().byPid(9999)).isEmpty();
    }

    @Test
    void aSandboxThatRanThousandsOfCommandsForgetsAllButTheLastEndedOnes() {
        Run sleeping = sandbox.start("sleep 100");
        Run first = sandbox.run("true");
        Run last = null;
        for (int i = 0; i < 2000; i++) {
            last = sandbox.run("true");
        }

        assertThat(sandbox.processes().byPid(first.process().pid())).isEmpty();
        assertThat(sandbox.processes().byPid(last.process().pid())).isPresent();
        assertThat(sandbox.processes().byPid(last.process().pid() - SimulatedProcesses.ENDED_KEPT + 1)).isPresent();
        assertThat(sandbox.processes().byPid(last.process().pid() - SimulatedProcesses.ENDED_KEPT - 1)).isEmpty();
        assertThat(sandbox.processes().byPid(sleeping.process().pid())).as("a running process is never forgotten").isPresent();
        assertThat(sandbox.processes().list()).extracting(SandboxProcess::pid).containsExactly(sleeping.process().pid());
    }

    @Test
    void byTagFindsARunningProcess() {
        ProcessSpec spec = ShellHarness.spec("sleep 5");
        ProcessSpec tagged = new ProcessSpec(spec.cmd(), spec.args(), spec.envs(), spec.cwd(), spec.user(), false,
                Optional.of("web"), Optional.empty());

        SandboxProcess process = sandbox.processes().start(tagged);

        assertThat(sandbox.processes().byTag("web")).contains(process);
        sandbox.advance(Duration.ofSeconds(5));
        assertThat(sandbox.processes().byTag("web")).isEmpty();
    }

    @Test
    void aMissingWorkingDirectoryIsAnInvalidArgument() {
        ProcessSpec spec = new ProcessSpec("/bin/bash", List.of("-c", "pwd"), Map.of(), "/nowhere", "user", false,
                Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> sandbox.processes().start(spec))
                .isInstanceOf(ProcessException.class)
                .hasMessage("cwd '/nowhere' does not exist")
                .extracting(e -> ((ProcessException) e).reason()).isEqualTo(ProcessException.Reason.INVALID_ARGUMENT);
    }

    @Test
    void stdinFeedsReadAndCatUntilClosed() {
        Run run = sandbox.start(ShellHarness.spec("read name; echo \"hello $name\"; cat; echo end", Map.of(), true,
                null));

        assertThat(run.stdout()).isEmpty();
        run.process().writeStdin("ada\nmore ".getBytes(StandardCharsets.UTF_8));
        assertThat(run.stdout()).isEqualTo("hello ada\nmore ");
        run.process().writeStdin("text\n".getBytes(StandardCharsets.UTF_8));
        assertThat(run.stdout()).isEqualTo("hello ada\nmore text\n");
        run.process().closeStdin();
        assertThat(run.stdout()).endsWith("end\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void withoutStdinReadsSeeEndOfFileAndWritesAreRefused() {
        Run run = sandbox.start("cat; wc -l; read x; echo status $?");

        assertThat(run.stdout()).isEqualTo("0\nstatus 1\n");
        SandboxProcess sleeping = sandbox.start("sleep 9").process();
        assertThatThrownBy(() -> sleeping.writeStdin(new byte[] {1}))
                .isInstanceOf(ProcessException.class)
                .extracting(e -> ((ProcessException) e).reason())
                .isEqualTo(ProcessException.Reason.FAILED_PRECONDITION);
    }

    @Test
    void writingToAnEndedProcessIsNotFound() {
        Run run = sandbox.start(ShellHarness.spec("true", Map.of(), true, null));
        run.process().closeStdin();

        assertThatThrownBy(() -> run.process().writeStdin(new byte[] {1}))
                .extracting(e -> ((ProcessException) e).reason()).isEqualTo(ProcessException.Reason.NOT_FOUND);
    }

    @Test
    void sigkillEndsTheProcessAtOnceAndCancelsItsWaits() {
        Run run = sandbox.start("echo up; sleep 100; echo never");

        run.process().signal(ProcessSignal.SIGKILL);
        sandbox.advance(Duration.ofSeconds(200));

        assertThat(run.exit()).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGKILL));
        assertThat(run.exit().status()).isEqualTo("signal: killed");
        assertThat(run.stdout()).isEqualTo("up\n");
        assertThat(sandbox.processes().list()).isEmpty();
    }

    @Test
    void sigtermEndsABuiltin() {
        Run run = sandbox.start("sleep 100");

        run.process().signal(ProcessSignal.SIGTERM);

        assertThat(run.exit()).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGTERM));
        assertThat(run.exit().status()).isEqualTo("signal: terminated");
        assertThat(run.recorder().exitCount()).isEqualTo(1);
    }

    @Test
    void theTimeoutKillsTheProcessOnTheClock() {
        Run run = sandbox.start(ShellHarness.spec("echo a; sleep 60; echo b", Map.of(), false, Duration.ofSeconds(30)));

        sandbox.advance(Duration.ofSeconds(29));
        assertThat(run.running()).isTrue();
        sandbox.advance(Duration.ofSeconds(1));

        assertThat(run.exit()).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGKILL));
        assertThat(run.stdout()).isEqualTo("a\n");
    }

    @Test
    void aLateSubscriberWithReplaySeesEverythingOnceAndThenLiveOutput() {
        Run run = sandbox.start("echo one; echo two >&2; sleep 1; echo three");
        Recorder late = new Recorder();

        run.process().subscribe(late, true);
        sandbox.advance(Duration.ofSeconds(1));

        assertThat(late.all()).isEqualTo("one\ntwo\nthree\n");
        assertThat(late.chunks()).extracting(OutputChunk::stream).containsExactly(OutputChunk.Stream.STDOUT,
                OutputChunk.Stream.STDERR, OutputChunk.Stream.STDOUT);
        assertThat(late.exitCount()).isEqualTo(1);
    }

    @Test
    void aSubscriberWithoutReplaySeesOnlyLaterOutput() {
        Run run = sandbox.start("echo early; sleep 1; echo late");
        Recorder live = new Recorder();

        run.process().subscribe(live, false);
        sandbox.advance(Duration.ofSeconds(1));

        assertThat(live.all()).isEqualTo("late\n");
    }

    @Test
    void subscribingToAnEndedProcessReplaysThenDeliversTheExitOnce() {
        Run run = sandbox.run("echo x; exit 5");
        Recorder late = new Recorder();

        SandboxProcess.Subscription subscription = run.process().subscribe(late, true);
        subscription.close();

        assertThat(late.all()).isEqualTo("x\n");
        assertThat(late.exit()).isEqualTo(ProcessExit.exitCode(5));
        assertThat(late.exitCount()).isEqualTo(1);
    }

    @Test
    void aClosedSubscriptionGetsNothingMore() {
        Run run = sandbox.start("sleep 1; echo later");
        Recorder recorder = new Recorder();
        SandboxProcess.Subscription subscription = run.process().subscribe(recorder, true);

        subscription.close();
        sandbox.advance(Duration.ofSeconds(1));

        assertThat(recorder.all()).isEmpty();
        assertThat(recorder.exit()).isNull();
    }

    @Test
    void aBackgroundJobRunsWhileTheScriptGoesOnAndWaitJoinsIt() {
        Run run = sandbox.start("(sleep 5; echo bg) & echo fg; wait; echo joined");

        assertThat(run.stdout()).isEqualTo("fg\n");
        sandbox.advance(Duration.ofSeconds(5));

        assertThat(run.stdout()).isEqualTo("fg\nbg\njoined\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void theProcessEndsWhenTheScriptEndsEvenWithBackgroundJobsLeft() {
        Run run = sandbox.start("sleep 100 & echo started");

        assertThat(run.stdout()).isEqualTo("started\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void aScriptThatNeverWaitsDoesNotHoldItsThreadForever() {
        Run run = sandbox.start("while true; do :; done");

        assertThat(run.running()).isTrue();
        run.process().signal(ProcessSignal.SIGKILL);
        assertThat(run.exit()).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGKILL));
    }

    @Test
    void largeOutputIsSplitIntoChunksOfAtMost32KiB() {
        sandbox.fs().write("/tmp/big", new byte[70 * 1024]);

        Run run = sandbox.run("cat /tmp/big");

        assertThat(run.recorder().chunks()).extracting(c -> c.data().length).containsExactly(32768, 32768, 6144);
    }

    @Test
    void killingTheSandboxEndsItsProcesses() {
        Run run = sandbox.start("sleep 100");

        sandbox.backend.kill(ShellHarness.SANDBOX);

        assertThat(run.exit()).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGKILL));
    }
}
