package dev.sandboxemulator.samples.memory;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.emulator.stub.CommandMatcher;
import dev.sandboxemulator.emulator.stub.StubBehavior;
import dev.sandboxemulator.emulator.stub.StubContext;
import dev.sandboxemulator.emulator.stub.StubHandler;
import dev.sandboxemulator.junit.NewSandbox;
import dev.sandboxemulator.junit.SandboxTest;
import dev.sandboxemulator.junit.await.SandboxAwait;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.sandboxemulator.junit.assertj.SandboxAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clone carries the parent's memory: a background process keeps running in every copy, from the
 * value it held when the clone was made, and each copy then goes its own way.
 */
class BackgroundProcessSurvivesCloneTest {

    /**
     * On the simulated backend the "program" is a stub whose state stands for the process's
     * memory: a counter that ticks once a second on the test's clock.
     */
    @Nested
    @SandboxTest
    class Simulated {

        private final StubHandler<Integer> counter = new StubHandler<>() {
            @Override
            public Integer initialState() {
                return 0;
            }

            @Override
            public void onStart(StubContext<Integer> context) {
                context.after(Duration.ofSeconds(1), this::tick);
            }

            private void tick(StubContext<Integer> context) {
                context.setState(context.state() + 1);
                context.stdout("count=" + context.state() + "\n");
                context.after(Duration.ofSeconds(1), this::tick);
            }
        };

        @Test
        void eachCloneCountsOnFromTheParentsValue(@NewSandbox Sandbox parent, SandboxTeam team) {
            team.stubs().register(CommandMatcher.exact("counter"), StubBehavior.handler(counter));
            CommandHandle original = parent.commands().start("counter", RunOptions.builder().timeout(Duration.ZERO).build());
            team.manualClock().advance(Duration.ofSeconds(3));

            Sandbox clone = parent.clone(CloneRequest.DEFAULT).sandboxes().get(0);
            assertThat(clone).isRunning().hasProcessWithPid(original.pid());
            CommandHandle copy = clone.commands().connect(original.pid());
            team.manualClock().advance(Duration.ofSeconds(2));
            original.kill();
            team.manualClock().advance(Duration.ofSeconds(1));

            // The story's time has passed; only the output's trip to the client (over HTTP, on its reader thread) is
            // awaited. So this wait polls wall time and leaves the clock where the story put it (a wait on the manual
            // clock, SandboxAwait.on(team), would move it on and let the copy print count=7). It fails loudly.
            DELIVERY.untilOutputContains(copy, "count=6\n");
            assertThat(copy.stdout()).isEqualTo("count=1\ncount=2\ncount=3\ncount=4\ncount=5\ncount=6\n");
            assertThat(original.stdout()).doesNotContain("count=6");
            clone.kill();
        }
    }

    /**
     * On the docker backend the same story runs a real python3 process whose value lives in RAM
     * and reaches the copies through CRIU. Machines without Docker and CRIU skip it with the reason.
     */
    @Nested
    @SandboxTest(backend = "docker")
    class Docker {

        @Test
        void aPythonProcessKeepsItsInMemoryValueInEachClone(@NewSandbox Sandbox parent) {
            pythonValueReachesTheClone(parent);
        }
    }

    /** The same on Podman, which checkpoints and restores with the same CRIU and no containerd in between. */
    @Nested
    @SandboxTest(backend = "podman")
    class Podman {

        @Test
        void aPythonProcessKeepsItsInMemoryValueInEachClone(@NewSandbox Sandbox parent) {
            pythonValueReachesTheClone(parent);
        }
    }

    /** Waits in wall time for output to reach the client; a wait that times out fails the test with what it saw. */
    private static final SandboxAwait DELIVERY = SandboxAwait.defaults().withTimeout(Duration.ofSeconds(5));

    /** Real processes run in real time: the container samples wait on the system clock, as long as a slow CI needs. */
    private static final SandboxAwait REAL_TIME = SandboxAwait.defaults().withTimeout(Duration.ofSeconds(20));

    private static void pythonValueReachesTheClone(Sandbox parent) {
        // The value exists only in the process's memory; it prints it, then counts, twice a second.
        CommandHandle original = parent.commands().start("python3 -u -c 'import random, time\n"
                        + "value = random.randint(1, 10**9)\nn = 0\nwhile True:\n    n += 1\n    print(value, n)\n    time.sleep(0.5)'",
                RunOptions.builder().timeout(Duration.ZERO).build());
        REAL_TIME.until("the parent to print two lines", () -> original.stdout().lines().count(), lines -> lines >= 2);
        String value = original.stdout().lines().findFirst().orElseThrow().split(" ")[0];

        Sandbox clone = parent.clone(CloneRequest.DEFAULT).sandboxes().get(0);
        assertThat(clone).isRunning().hasProcessWithPid(original.pid());
        CommandHandle copy = clone.commands().connect(original.pid());

        // The copy's output: the parent's lines up to the clone, then its own, from the same memory.
        REAL_TIME.until("the copy to print six lines", () -> copy.stdout().lines().count(), lines -> lines >= 6);
        assertThat(copy.stdout().lines().limit(6)).containsExactly(
                value + " 1", value + " 2", value + " 3", value + " 4", value + " 5", value + " 6");
        clone.kill();
    }
}
