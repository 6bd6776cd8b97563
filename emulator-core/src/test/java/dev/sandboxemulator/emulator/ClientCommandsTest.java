package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CommandExitException;
import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.CommandResult;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.ProcessInfo;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxTimeoutException;
import dev.sandboxemulator.emulator.stub.CommandMatcher;
import dev.sandboxemulator.emulator.stub.StubBehavior;
import dev.sandboxemulator.emulator.stub.StubContext;
import dev.sandboxemulator.emulator.stub.StubHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our client's {@code sandbox.commands()} against the emulator's envd and simulated shell, over
 * real HTTP. Time is a manual clock: a {@code sleep} ends when the test advances it.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class ClientCommandsTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().start();
    private final SandboxClient client = SandboxClient.builder().apiUrl(emulator.apiUrl()).sandboxUrl(emulator.sandboxUrl())
            .apiKey("test").build();
    private final Sandbox sandbox = client.create(CreateSandboxRequest.builder().putEnv("STAGE", "test").build());

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void runReturnsTheResultAndSeesEnvsAndCwd() {
        CommandResult result = sandbox.commands().run("echo \"$STAGE $EXTRA\" && pwd",
                RunOptions.builder().putEnv("EXTRA", "more").cwd("/tmp").build());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("test more\n/tmp\n");
    }

    @Test
    void aNonZeroExitIsACommandExitExceptionWithTheOutput() {
        assertThatThrownBy(() -> sandbox.commands().run("echo so far; cat /missing; exit 4"))
                .isInstanceOfSatisfying(CommandExitException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(4);
                    assertThat(e.stdout()).isEqualTo("so far\n");
                    assertThat(e.stderr()).contains("cat: /missing: No such file or directory");
                });
    }

    @Test
    void anUnknownCommandExits127AndSaysHowToStubIt() {
        assertThatThrownBy(() -> sandbox.commands().run("python3 train.py"))
                .isInstanceOfSatisfying(CommandExitException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(127);
                    assertThat(e.stderr()).contains("python3").contains("stub");
                });
    }

    @Test
    void outputStreamsWhileTheCommandRunsAndSleepFollowsTheManualClock() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CommandHandle handle = sandbox.commands().start("echo tick; sleep 5; echo tock",
                RunOptions.builder().onStdout(seen::add).build());

        awaitTrue(() -> seen.contains("tick\n"));
        assertThat(handle.exitCode()).isEmpty();
        emulator.manualClock().advance(Duration.ofSeconds(4));
        assertThat(seen).containsExactly("tick\n");
        emulator.manualClock().advance(Duration.ofSeconds(1));

        assertThat(handle.waitFor().stdout()).isEqualTo("tick\ntock\n");
        assertThat(seen).containsExactly("tick\n", "tock\n");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledAndReportedAsATimeout() {
        CommandHandle handle = sandbox.commands().start("sleep 100", RunOptions.builder().timeout(Duration.ofSeconds(10)).build());

        emulator.manualClock().advance(Duration.ofSeconds(10));

        assertThatThrownBy(handle::waitFor).isInstanceOf(SandboxTimeoutException.class);
        assertThat(sandbox.commands().list()).isEmpty();
    }

    @Test
    void backgroundProcessesAreListedTakeStdinAndCanBeKilled() {
        CommandHandle reader = sandbox.commands().start("head -n 2", RunOptions.builder().stdin(true).build());
        CommandHandle sleeper = sandbox.commands().start("sleep 1000");

        assertThat(sandbox.commands().list()).extracting(ProcessInfo::pid).contains(reader.pid(), sleeper.pid());
        sandbox.commands().sendStdin(reader.pid(), "one\ntwo\nthree\n");
        assertThat(reader.waitFor().stdout()).isEqualTo("one\ntwo\n");

        assertThat(sleeper.kill()).isTrue();
        assertThatThrownBy(sleeper::waitFor).isInstanceOfSatisfying(CommandExitException.class,
                e -> assertThat(e.error()).contains("signal: killed"));
        assertThat(sandbox.commands().kill(sleeper.pid())).isFalse();
    }

    @Test
    void connectingToARunningProcessReplaysItsOutputSoFar() throws Exception {
        CommandHandle first = sandbox.commands().start("echo early; sleep 10; echo late");
        awaitTrue(() -> first.stdout().equals("early\n"));
        first.disconnect();

        CommandHandle again = sandbox.commands().connect(first.pid());
        awaitTrue(() -> again.stdout().equals("early\n"));
        emulator.manualClock().advance(Duration.ofSeconds(10));

        assertThat(again.waitFor().stdout()).isEqualTo("early\nlate\n");
    }

    @Nested
    class Stubs {

        @Test
        void aFixedStubAnswersAProgramTheSandboxLacks() {
            emulator.stubs().register(CommandMatcher.prefix("python3 train.py"),
                    StubBehavior.stdout("accuracy=0.93\n").withExitCode(0));

            CommandResult result = sandbox.commands().run("cd /tmp && python3 train.py --epochs 3");

            assertThat(result.stdout()).isEqualTo("accuracy=0.93\n");
        }

        @Test
        void aStubWithADelayAnswersOnlyWhenTheClockGetsThere() throws Exception {
            emulator.stubs().register(CommandMatcher.exact("make build"),
                    StubBehavior.stdout("built\n").withDelay(Duration.ofMinutes(2)));
            // Longer than the default 60 s command timeout, so the command runs without one.
            CommandHandle build = sandbox.commands().start("make build", RunOptions.builder().timeout(Duration.ZERO).build());

            emulator.manualClock().advance(Duration.ofSeconds(119));
            assertThat(build.exitCode()).isEmpty();
            emulator.manualClock().advance(Duration.ofSeconds(1));

            assertThat(build.waitFor().stdout()).isEqualTo("built\n");
        }

        @Test
        void aPerSandboxStubWinsOverAGlobalOne() {
            Sandbox other = client.create();
            emulator.stubs().register(CommandMatcher.exact("whoami-service"), StubBehavior.stdout("global\n"));
            emulator.stubs().register(sandbox.id(), CommandMatcher.exact("whoami-service"), StubBehavior.stdout("mine\n"));

            assertThat(sandbox.commands().run("whoami-service").stdout()).isEqualTo("mine\n");
            assertThat(other.commands().run("whoami-service").stdout()).isEqualTo("global\n");
        }
    }

    @Nested
    class CloneAndPause {

        /** A training job that counts epochs in its state and prints one line per epoch, one epoch a minute. */
        private final StubHandler<Integer> trainer = new StubHandler<>() {
            @Override
            public Integer initialState() {
                return 0;
            }

            @Override
            public void onStart(StubContext<Integer> context) {
                context.after(Duration.ofMinutes(1), this::epoch);
            }

            private void epoch(StubContext<Integer> context) {
                int done = context.state() + 1;
                context.setState(done);
                context.stdout("epoch " + done + "\n");
                if (done == 3) {
                    context.exit(0);
                } else {
                    context.after(Duration.ofMinutes(1), this::epoch);
                }
            }
        };

        @Test
        void aCloneCarriesARunningProcessWithItsPidOutputAndStateThenDiverges() throws Exception {
            emulator.stubs().register(CommandMatcher.exact("train"), StubBehavior.handler(trainer));
            CommandHandle job = sandbox.commands().start("train", RunOptions.builder().timeout(Duration.ZERO).build());
            emulator.manualClock().advance(Duration.ofMinutes(1));
            awaitTrue(() -> job.stdout().equals("epoch 1\n"));

            Sandbox clone = sandbox.clone(CloneRequest.builder().build()).sandboxes().get(0);
            assertThat(clone.commands().list()).extracting(ProcessInfo::pid).containsExactly(job.pid());
            CommandHandle copy = clone.commands().connect(job.pid());
            awaitTrue(() -> copy.stdout().equals("epoch 1\n"));
            assertThat(job.kill()).isTrue();
            emulator.manualClock().advance(Duration.ofMinutes(2));

            assertThat(copy.waitFor().stdout()).isEqualTo("epoch 1\nepoch 2\nepoch 3\n");
            assertThat(sandbox.commands().list()).isEmpty();
        }

        @Test
        void aPausedSandboxsProcessesResumeWhereTheyWere() throws Exception {
            CommandHandle job = sandbox.commands().start("echo start; sleep 10; echo done");
            awaitTrue(() -> job.stdout().equals("start\n"));
            emulator.manualClock().advance(Duration.ofSeconds(3));
            job.disconnect();

            sandbox.pause();
            emulator.manualClock().advance(Duration.ofHours(1));
            client.connect(sandbox.id(), Duration.ofMinutes(30));
            CommandHandle resumed = sandbox.commands().connect(job.pid());
            emulator.manualClock().advance(Duration.ofSeconds(6));
            assertThat(resumed.exitCode()).isEmpty();
            emulator.manualClock().advance(Duration.ofSeconds(1));

            assertThat(resumed.waitFor().stdout()).isEqualTo("start\ndone\n");
        }
    }

    /** Waits for something the server pushes to this client's reader thread (real time, bounded). */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
