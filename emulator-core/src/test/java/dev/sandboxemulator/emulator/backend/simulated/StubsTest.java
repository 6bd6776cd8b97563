package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.backend.simulated.ShellHarness.Run;
import dev.sandboxemulator.emulator.spi.ProcessExit;
import dev.sandboxemulator.emulator.spi.ProcessSignal;
import dev.sandboxemulator.emulator.stub.CommandMatcher;
import dev.sandboxemulator.emulator.stub.StubBehavior;
import dev.sandboxemulator.emulator.stub.StubContext;
import dev.sandboxemulator.emulator.stub.StubHandler;
import dev.sandboxemulator.emulator.stub.Stubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StubsTest {

    private final ShellHarness sandbox = new ShellHarness();
    private final Stubs stubs = sandbox.stubs;

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void anExactStubAnswersOnlyThatCommandLine() {
        stubs.register(CommandMatcher.exact("python3 --version"), StubBehavior.stdout("Python 3.11.4\n"));

        assertThat(sandbox.run("python3 --version").stdout()).isEqualTo("Python 3.11.4\n");
        assertThat(sandbox.run("python3 -V").exitCode()).isEqualTo(127);
    }

    @Test
    void aPrefixStubMatchesWholeWordsAfterExpansion() {
        stubs.register(CommandMatcher.prefix("python3 train.py"), StubBehavior.stdout("trained\n"));

        Run run = sandbox.start(ShellHarness.spec("cd /tmp && python3 train.py --epochs \"$N\"", Map.of("N", "3"),
                false, null));

        assertThat(run.stdout()).isEqualTo("trained\n");
        assertThat(CommandMatcher.prefix("git").matches("gitk")).isFalse();
        assertThat(CommandMatcher.prefix("git").matches("git")).isTrue();
    }

    @Test
    void aRegexStubMustMatchTheWholeLine() {
        stubs.register(CommandMatcher.regex("npm (install|ci)( .*)?"), StubBehavior.stdout("added 1 package\n"));

        assertThat(sandbox.run("npm ci").stdout()).isEqualTo("added 1 package\n");
        assertThat(sandbox.run("npm install left-pad").stdout()).isEqualTo("added 1 package\n");
        assertThat(sandbox.run("npm test").exitCode()).isEqualTo(127);
    }

    @Test
    void aPredicateStubSeesTheExpandedLine() {
        List<String> seen = new ArrayList<>();
        stubs.register(CommandMatcher.matching(line -> line.startsWith("curl ") && seen.add(line)),
                StubBehavior.stdout("{}"));

        sandbox.run("URL=http://x/y; curl -s $URL");

        assertThat(seen).containsExactly("curl -s http://x/y");
    }

    @Test
    void fixedResultsCarryStderrAndAnExitCode() {
        stubs.register(CommandMatcher.prefix("git push"),
                StubBehavior.stdout("").withStderr("rejected\n").withExitCode(1));

        Run run = sandbox.run("git push origin main; echo status=$?");

        assertThat(run.stderr()).isEqualTo("rejected\n");
        assertThat(run.stdout()).isEqualTo("status=1\n");
    }

    @Test
    void stubsTakePrecedenceOverBuiltins() {
        stubs.register(CommandMatcher.exact("ls /data"), StubBehavior.stdout("a.csv\n"));

        assertThat(sandbox.run("ls /data").stdout()).isEqualTo("a.csv\n");
    }

    @Test
    void perSandboxStubsWinOverGlobalOnesAndLaterOverEarlier() {
        stubs.register(CommandMatcher.prefix("tool"), StubBehavior.stdout("global-1\n"));
        stubs.register(ShellHarness.SANDBOX, CommandMatcher.prefix("tool"), StubBehavior.stdout("sandbox\n"));
        stubs.register(CommandMatcher.prefix("tool"), StubBehavior.stdout("global-2\n"));
        stubs.register("iother", CommandMatcher.prefix("tool"), StubBehavior.stdout("other\n"));

        assertThat(sandbox.run("tool").stdout()).isEqualTo("sandbox\n");
        assertThat(stubs.find("ianother", "tool").orElseThrow().toString()).contains("stdout=9 chars");
    }

    @Test
    void closingARegistrationRemovesTheStub() {
        Stubs.Registration registration = stubs.register(CommandMatcher.exact("tool"), StubBehavior.stdout("x"));

        registration.close();

        assertThat(sandbox.run("tool").exitCode()).isEqualTo(127);
    }

    @Test
    void anUnknownCommandExits127WithAHelpfulMessage() {
        Run run = sandbox.run("foo --bar; echo after $?");

        assertThat(run.stderr()).isEqualTo("bash: foo: command not found (the simulated sandbox has no 'foo'; register"
                + " a stub: emulator.stubs().register(CommandMatcher.prefix(\"foo\"), StubBehavior.stdout(\"...\")))\n");
        assertThat(run.stdout()).isEqualTo("after 127\n");
        assertThat(sandbox.run("foo").exitCode()).isEqualTo(127);
    }

    @Test
    void aDelayedStubProducesNothingUntilTheClockAdvances() {
        stubs.register(CommandMatcher.prefix("make"), StubBehavior.stdout("built\n").withDelay(Duration.ofMinutes(5)));

        Run run = sandbox.start("echo start; make all; echo end");

        assertThat(run.stdout()).isEqualTo("start\n");
        sandbox.advance(Duration.ofMinutes(4));
        assertThat(run.stdout()).isEqualTo("start\n");
        assertThat(run.running()).isTrue();
        sandbox.advance(Duration.ofMinutes(1));
        assertThat(run.stdout()).isEqualTo("start\nbuilt\nend\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void aHandlerStreamsOutputOverTime() {
        stubs.register(CommandMatcher.prefix("train"), StubBehavior.handler(context -> {
            context.stdout("epoch 1\n");
            context.after(Duration.ofSeconds(10), c -> c.stdout("epoch 2\n"));
            context.after(Duration.ofSeconds(20), c -> {
                c.stdout("epoch 3\n");
                c.exit(0);
            });
        }));

        Run run = sandbox.start("train && echo ok");

        assertThat(run.stdout()).isEqualTo("epoch 1\n");
        sandbox.advance(Duration.ofSeconds(10));
        assertThat(run.stdout()).isEqualTo("epoch 1\nepoch 2\n");
        sandbox.advance(Duration.ofSeconds(60));
        assertThat(run.stdout()).isEqualTo("epoch 1\nepoch 2\nepoch 3\nok\n");
    }

    @Test
    void aHandlerSeesWordsEnvironmentDirectoryAndFiles() {
        AtomicReference<String> seen = new AtomicReference<>();
        stubs.register(CommandMatcher.prefix("deploy"), StubBehavior.handler(context -> {
            seen.set(context.words() + " " + context.args() + " " + context.env().get("STAGE") + " " + context.cwd()
                    + " " + context.sandboxId());
            context.fileSystem().write(context.resolvePath("deployed.txt"), "yes".getBytes(StandardCharsets.UTF_8));
            context.exit(0);
        }));

        sandbox.run("cd /tmp && STAGE=prod deploy --fast");

        assertThat(seen.get()).isEqualTo("[deploy, --fast] [--fast] prod /tmp " + ShellHarness.SANDBOX);
        assertThat(sandbox.read("/tmp/deployed.txt")).isEqualTo("yes");
    }

    /** A counter kept in the handler's state, immutable, so clones need no copy function. */
    record Count(int value) {
    }

    @Test
    void handlerStateLivesPerInvocation() {
        stubs.register(CommandMatcher.prefix("ticker"), StubBehavior.handler(new StubHandler<Count>() {
            @Override
            public Count initialState() {
                return new Count(0);
            }

            @Override
            public void onStart(StubContext<Count> context) {
                tick(context);
            }

            private void tick(StubContext<Count> context) {
                Count next = new Count(context.state().value() + 1);
                context.setState(next);
                context.stdout("tick " + next.value() + "\n");
                if (next.value() == 3) {
                    context.exit(0);
                } else {
                    context.after(Duration.ofSeconds(1), this::tick);
                }
            }
        }));

        Run first = sandbox.start("ticker");
        Run second = sandbox.start("ticker");
        sandbox.advance(Duration.ofSeconds(5));

        assertThat(first.stdout()).isEqualTo("tick 1\ntick 2\ntick 3\n");
        assertThat(second.stdout()).isEqualTo("tick 1\ntick 2\ntick 3\n");
    }

    @Test
    void aHandlerReadsStdinAsItArrivesAndAtItsEnd() {
        stubs.register(CommandMatcher.exact("upper"), StubBehavior.handler(new StubHandler<Object>() {
            @Override
            public void onStart(StubContext<Object> context) {
            }

            @Override
            public void onStdin(StubContext<Object> context, byte[] data) {
                context.stdout(new String(data, StandardCharsets.UTF_8).toUpperCase());
            }

            @Override
            public void onStdinClosed(StubContext<Object> context) {
                context.stdout("[" + context.stdin().length + " bytes]\n");
                context.exit(0);
            }
        }));

        Run run = sandbox.start(ShellHarness.spec("upper", Map.of(), true, null));
        run.process().writeStdin("abc ".getBytes(StandardCharsets.UTF_8));
        assertThat(run.stdout()).isEqualTo("ABC ");
        run.process().writeStdin("def".getBytes(StandardCharsets.UTF_8));
        run.process().closeStdin();

        assertThat(run.stdout()).isEqualTo("ABC DEF[7 bytes]\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void aHandlerGetsPipedInputAtStart() {
        stubs.register(CommandMatcher.exact("count-bytes"), StubBehavior.handler(context -> {
            context.stdout(context.stdin().length + " " + context.stdinClosed() + "\n");
            context.exit(0);
        }));

        assertThat(sandbox.run("echo hello | count-bytes").stdout()).isEqualTo("6 true\n");
    }

    @Test
    void aHandlerMayCatchSigtermAndTheScriptGoesOn() {
        stubs.register(CommandMatcher.exact("server"), StubBehavior.handler(new StubHandler<Object>() {
            @Override
            public void onStart(StubContext<Object> context) {
                context.stdout("listening\n");
            }

            @Override
            public void onSignal(StubContext<Object> context, ProcessSignal signal) {
                context.stdout("shutting down\n");
                context.exit(143);
            }
        }));

        Run run = sandbox.start("server; echo exited $?");
        run.process().signal(ProcessSignal.SIGTERM);

        assertThat(run.stdout()).isEqualTo("listening\nshutting down\nexited 143\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void byDefaultSigtermEndsTheProcessDuringAStub() {
        stubs.register(CommandMatcher.exact("server"), StubBehavior.handler(context -> context.stdout("up\n")));

        Run run = sandbox.start("server; echo never");
        run.process().signal(ProcessSignal.SIGTERM);

        assertThat(run.exit()).isEqualTo(ProcessExit.signalled(ProcessSignal.SIGTERM));
        assertThat(run.stdout()).isEqualTo("up\n");
    }

    @Test
    void aContextCapturedFromAnEarlierCallbackIsClosed() {
        AtomicReference<StubContext<Object>> captured = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        stubs.register(CommandMatcher.exact("bad"), StubBehavior.handler(context -> {
            captured.set(context);
            context.after(Duration.ofSeconds(1), later -> {
                try {
                    captured.get().stdout("wrong context\n");
                } catch (IllegalStateException e) {
                    failure.set(e);
                }
                later.exit(0);
            });
        }));

        sandbox.start("bad");
        sandbox.advance(Duration.ofSeconds(1));

        assertThat(failure.get()).hasMessageContaining("use the context passed to the current callback");
    }

    @Test
    void aHandlerThatThrowsFailsTheCommandLoudly() {
        stubs.register(CommandMatcher.exact("boom"), StubBehavior.handler(context -> {
            throw new IllegalArgumentException("kaput");
        }));

        Run run = sandbox.run("boom; echo $?");

        assertThat(run.stderr()).contains("stub for 'boom' threw java.lang.IllegalArgumentException: kaput");
        assertThat(run.stdout()).isEqualTo("1\n");
    }

    @Test
    void fixedBehaviorsRefuseHandlerOnlyChangesAndBadCodes() {
        assertThatThrownBy(() -> StubBehavior.handler(c -> { }).withExitCode(1))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StubBehavior.exitCode(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandMatcher.prefix("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearRemovesEveryStub() {
        stubs.register(CommandMatcher.exact("tool"), StubBehavior.stdout("x"));

        stubs.clear();

        assertThat(stubs.find(ShellHarness.SANDBOX, "tool")).isEmpty();
    }
}
