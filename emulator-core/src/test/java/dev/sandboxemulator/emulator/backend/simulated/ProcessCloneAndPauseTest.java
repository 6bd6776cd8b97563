package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.backend.simulated.ShellHarness.Run;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.spi.SandboxProcess;
import dev.sandboxemulator.emulator.spi.SandboxSpec;
import dev.sandboxemulator.emulator.stub.CommandMatcher;
import dev.sandboxemulator.emulator.stub.StubBehavior;
import dev.sandboxemulator.emulator.stub.StubContext;
import dev.sandboxemulator.emulator.stub.StubHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCloneAndPauseTest {
    private static final String CLONE = "iclone00000000000001";
    private static final SandboxSpec SPEC = new SandboxSpec("base", Map.of(), 2, 512, 1024);

    private final ShellHarness sandbox = new ShellHarness();

    @AfterEach
    void close() {
        sandbox.close();
    }

    private Run cloneOf(Run original) {
        BackendSnapshot snapshot = sandbox.backend.snapshot(ShellHarness.SANDBOX);
        sandbox.backend.restore(snapshot, CLONE, SPEC);
        SandboxProcess copy = sandbox.backend.processes(CLONE).byPid(original.process().pid()).orElseThrow();
        return ShellHarness.start(copy);
    }

    @Test
    void aClonedProcessKeepsItsOpenRedirectionWithItsOwnOffsetInItsOwnFiles() {
        Run parent = sandbox.start("{ printf ab; sleep 10; printf cd; } > /tmp/out; "
                + "{ echo one; sleep 10; echo two; } >> /tmp/log");
        sandbox.advance(Duration.ofSeconds(5));

        cloneOf(parent);
        sandbox.fs().write("/tmp/out", "PARENT!!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sandbox.advance(Duration.ofSeconds(30));

        // Each copy wrote "cd" at offset 2 of its own file: over the upload in the parent only.
        assertThat(sandbox.read("/tmp/out")).isEqualTo("PAcdNT!!");
        assertThat(new String(sandbox.backend.fileSystem(CLONE).read("/tmp/out"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("abcd");
        assertThat(new String(sandbox.backend.fileSystem(CLONE).read("/tmp/log"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("one\ntwo\n");
        assertThat(sandbox.read("/tmp/log")).isEqualTo("one\ntwo\n");
    }

    @Test
    void aCloneCarriesARunningProcessMidScript() {
        Run parent = sandbox.start("echo start; sleep 10; echo done");
        sandbox.advance(Duration.ofSeconds(5));

        Run copy = cloneOf(parent);

        assertThat(copy.process().pid()).isEqualTo(parent.process().pid());
        assertThat(copy.stdout()).isEqualTo("start\n");
        assertThat(copy.running()).isTrue();
        sandbox.advance(Duration.ofSeconds(4));
        assertThat(copy.running()).isTrue();
        sandbox.advance(Duration.ofSeconds(1));
        assertThat(copy.stdout()).isEqualTo("start\ndone\n");
        assertThat(parent.stdout()).isEqualTo("start\ndone\n");
        assertThat(copy.exitCode()).isZero();
    }

    @Test
    void aCloneFinishesEvenWhenItsParentIsKilled() {
        Run parent = sandbox.start("echo start; sleep 10; echo done");
        sandbox.advance(Duration.ofSeconds(5));
        Run copy = cloneOf(parent);

        parent.process().signal(ProcessSignal.SIGKILL);
        sandbox.advance(Duration.ofSeconds(5));

        assertThat(parent.exit()).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGKILL));
        assertThat(copy.stdout()).isEqualTo("start\ndone\n");
        assertThat(copy.exit()).isEqualTo(ProcessExit.exitCode(0));
    }

    @Test
    void aCloneKeepsItsOwnVariablesDirectoryAndFilesFromThenOn() {
        Run parent = sandbox.start("cd /tmp; N=1; echo $N > n.txt; sleep 10; echo \"$N $(pwd) $(cat n.txt)\"");
        sandbox.advance(Duration.ofSeconds(5));
        Run copy = cloneOf(parent);

        sandbox.backend.fileSystem(CLONE).write("/tmp/n.txt", "clone\n".getBytes(StandardCharsets.UTF_8));
        sandbox.advance(Duration.ofSeconds(5));

        assertThat(parent.stdout()).isEqualTo("1 /tmp 1\n");
        assertThat(copy.stdout()).isEqualTo("1 /tmp clone\n");
    }

    @Test
    void aClonesNewProcessesContinueThePidSequence() {
        Run parent = sandbox.start("sleep 100");
        cloneOf(parent);

        SandboxProcess inParent = sandbox.processes().start(ShellHarness.spec("true"));
        SandboxProcess inClone = sandbox.backend.processes(CLONE).start(ShellHarness.spec("true"));

        assertThat(inClone.pid()).isEqualTo(inParent.pid()).isEqualTo(parent.process().pid() + 1);
    }

    /** Mutable state, to show that the handler's copy function gives each clone its own. */
    static final class Lines {
        final List<String> seen = new ArrayList<>();
    }

    @Test
    void aStubHandlersStateIsCopiedAndThenDiverges() {
        sandbox.stubs.register(CommandMatcher.exact("collect"), StubBehavior.handler(new StubHandler<Lines>() {
            @Override
            public Lines initialState() {
                return new Lines();
            }

            @Override
            public Lines copyState(Lines state) {
                Lines copy = new Lines();
                copy.seen.addAll(state.seen);
                return copy;
            }

            @Override
            public void onStart(StubContext<Lines> context) {
            }

            @Override
            public void onStdin(StubContext<Lines> context, byte[] data) {
                context.state().seen.add(new String(data, StandardCharsets.UTF_8).trim());
                context.stdout("have " + context.state().seen + "\n");
            }

            @Override
            public void onStdinClosed(StubContext<Lines> context) {
                context.exit(context.state().seen.size());
            }
        }));
        Run parent = sandbox.start(ShellHarness.spec("collect", Map.of(), true, null));
        parent.process().writeStdin("a\n".getBytes(StandardCharsets.UTF_8));

        Run copy = cloneOf(parent);
        parent.process().writeStdin("parent\n".getBytes(StandardCharsets.UTF_8));
        copy.process().writeStdin("clone\n".getBytes(StandardCharsets.UTF_8));
        copy.process().writeStdin("more\n".getBytes(StandardCharsets.UTF_8));
        parent.process().closeStdin();
        copy.process().closeStdin();

        assertThat(parent.stdout()).isEqualTo("have [a]\nhave [a, parent]\n");
        assertThat(copy.stdout()).isEqualTo("have [a]\nhave [a, clone]\nhave [a, clone, more]\n");
        assertThat(parent.exitCode()).isEqualTo(2);
        assertThat(copy.exitCode()).isEqualTo(3);
    }

    @Test
    void aStubsPendingContinuationRunsInTheCloneWithTheClonesContext() {
        sandbox.stubs.register(CommandMatcher.exact("job"), StubBehavior.handler(context -> {
            context.stdout("begun\n");
            context.after(Duration.ofSeconds(10), later -> {
                later.stdout("finished in " + later.sandboxId() + "\n");
                later.exit(0);
            });
        }));
        Run parent = sandbox.start("job");
        sandbox.advance(Duration.ofSeconds(3));

        Run copy = cloneOf(parent);
        sandbox.advance(Duration.ofSeconds(7));

        assertThat(parent.stdout()).isEqualTo("begun\nfinished in " + ShellHarness.SANDBOX + "\n");
        assertThat(copy.stdout()).isEqualTo("begun\nfinished in " + CLONE + "\n");
    }

    @Test
    void aSnapshotRestoredLaterKeepsTheRemainingWaitNotTheDeadline() {
        Run parent = sandbox.start("sleep 10; echo done");
        sandbox.advance(Duration.ofSeconds(4));
        BackendSnapshot snapshot = sandbox.backend.snapshot(ShellHarness.SANDBOX);
        parent.process().signal(ProcessSignal.SIGKILL);
        sandbox.advance(Duration.ofHours(1));

        sandbox.backend.restore(snapshot, CLONE, SPEC);
        Run copy = ShellHarness.start(sandbox.backend.processes(CLONE).byPid(parent.process().pid()).orElseThrow());
        sandbox.advance(Duration.ofSeconds(5));
        assertThat(copy.running()).isTrue();
        sandbox.advance(Duration.ofSeconds(1));

        assertThat(copy.stdout()).isEqualTo("done\n");
    }

    @Test
    void oneSnapshotMakesIndependentClones() {
        Run parent = sandbox.start(ShellHarness.spec("read x; echo got $x", Map.of(), true, null));
        BackendSnapshot snapshot = sandbox.backend.snapshot(ShellHarness.SANDBOX);
        sandbox.backend.restore(snapshot, "ia", SPEC);
        sandbox.backend.restore(snapshot, "ib", SPEC);
        SandboxProcess a = sandbox.backend.processes("ia").byPid(parent.process().pid()).orElseThrow();
        SandboxProcess b = sandbox.backend.processes("ib").byPid(parent.process().pid()).orElseThrow();
        Run runA = ShellHarness.start(a);
        Run runB = ShellHarness.start(b);

        a.writeStdin("one\n".getBytes(StandardCharsets.UTF_8));
        b.writeStdin("two\n".getBytes(StandardCharsets.UTF_8));

        assertThat(runA.stdout()).isEqualTo("got one\n");
        assertThat(runB.stdout()).isEqualTo("got two\n");
        assertThat(parent.running()).isTrue();
    }

    @Test
    void aPausedProcessResumesWithTheTimeItHadLeft() {
        Run run = sandbox.start("echo start; sleep 10; echo done");
        sandbox.advance(Duration.ofSeconds(3));

        sandbox.backend.pause(ShellHarness.SANDBOX);
        sandbox.advance(Duration.ofHours(1));
        assertThat(run.stdout()).isEqualTo("start\n");
        sandbox.backend.resume(ShellHarness.SANDBOX);

        sandbox.advance(Duration.ofSeconds(6));
        assertThat(run.running()).isTrue();
        sandbox.advance(Duration.ofSeconds(1));
        assertThat(run.stdout()).isEqualTo("start\ndone\n");
    }

    @Test
    void aPausedProcessAgesNeitherItsTimeoutNorItsStubs() {
        sandbox.stubs.register(CommandMatcher.exact("slow"), StubBehavior.stdout("ok\n").withDelay(Duration.ofSeconds(20)));
        Run run = sandbox.start(ShellHarness.spec("slow", Map.of(), false, Duration.ofSeconds(30)));
        sandbox.advance(Duration.ofSeconds(10));

        sandbox.backend.pause(ShellHarness.SANDBOX);
        sandbox.advance(Duration.ofMinutes(10));
        sandbox.backend.resume(ShellHarness.SANDBOX);
        sandbox.advance(Duration.ofSeconds(10));

        assertThat(run.stdout()).isEqualTo("ok\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void inputWrittenWhilePausedIsReadOnlyAfterResume() {
        Run run = sandbox.start(ShellHarness.spec("cat", Map.of(), true, null));
        sandbox.backend.pause(ShellHarness.SANDBOX);

        run.process().writeStdin("queued\n".getBytes(StandardCharsets.UTF_8));
        assertThat(run.stdout()).isEmpty();
        sandbox.backend.resume(ShellHarness.SANDBOX);

        assertThat(run.stdout()).isEqualTo("queued\n");
    }

    @Test
    void aCloneOfAPausedSandboxRunsWhileItsParentStaysPaused() {
        Run parent = sandbox.start("sleep 10; echo done");
        sandbox.advance(Duration.ofSeconds(2));
        sandbox.backend.pause(ShellHarness.SANDBOX);
        sandbox.advance(Duration.ofSeconds(100));

        Run copy = cloneOf(parent);
        sandbox.advance(Duration.ofSeconds(8));

        assertThat(copy.stdout()).isEqualTo("done\n");
        assertThat(parent.running()).isTrue();
        assertThat(parent.stdout()).isEmpty();
    }

    @Test
    void snapshottingARunningSandboxLeavesItRunning() {
        Run parent = sandbox.start("sleep 10; echo done");

        sandbox.backend.snapshot(ShellHarness.SANDBOX);
        sandbox.advance(Duration.ofSeconds(10));

        assertThat(parent.stdout()).isEqualTo("done\n");
    }
}
