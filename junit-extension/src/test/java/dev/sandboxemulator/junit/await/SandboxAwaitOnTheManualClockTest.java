package dev.sandboxemulator.junit.await;

import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.emulator.stub.CommandMatcher;
import dev.sandboxemulator.emulator.stub.StubBehavior;
import dev.sandboxemulator.junit.NewSandbox;
import dev.sandboxemulator.junit.SandboxInject;
import dev.sandboxemulator.junit.SandboxTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.awaitility.core.ConditionTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Waits under {@code @SandboxTest}'s default manual clock: the wait moves the clock itself, so a {@code sleep} or a
 * stub delay ends in virtual time, not after a wall-clock timeout.
 */
@SandboxTest
@Timeout(20)
class SandboxAwaitOnTheManualClockTest {

    @SandboxInject
    SandboxAwait injected;

    @Test
    void anInjectedFieldWaitsOnTheTestsOwnClockWithTheDefaultSettings(SandboxTeam team) {
        assertThat(injected.clock()).isSameAs(team.manualClock());
        assertThat(injected.withClock(SandboxAwait.defaults().clock())).isEqualTo(SandboxAwait.defaults());
    }

    @Test
    void anInjectedWaitMovesTheTestsManualClockUntilASleepingCommandHasPrinted(SandboxTeam team, SandboxAwait await,
                                                                                @NewSandbox Sandbox sandbox) {
        Instant start = team.manualClock().instant();
        CommandHandle handle = sandbox.commands().start("sleep 5; echo done");

        String stdout = await.untilOutputContains(handle, "done");

        assertThat(stdout).isEqualTo("done\n");
        assertThat(Duration.between(start, team.manualClock().instant()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(5))
                .isLessThan(SandboxAwait.DEFAULT_TIMEOUT);
    }

    @Test
    void aWaitOnTheEmulatorsClockEndsAStubDelayInVirtualTime(SandboxTeam team, @NewSandbox Sandbox sandbox) {
        team.stubs().register(CommandMatcher.prefix("python3 train.py"),
                StubBehavior.stdout("trained\n").withDelay(Duration.ofSeconds(10)));
        CommandHandle handle = sandbox.commands().start("python3 train.py");

        Optional<Integer> exitCode = SandboxAwait.on(team).until("the training to exit", handle::exitCode,
                Optional::isPresent);

        assertThat(exitCode).contains(0);
        assertThat(handle.stdout()).isEqualTo("trained\n");
    }

    @Test
    void aWaitThatCannotSucceedMovesTheClockByItsTimeoutAndSaysSo(SandboxTeam team, @NewSandbox Sandbox sandbox) {
        Instant start = team.manualClock().instant();
        CommandHandle handle = sandbox.commands().start("sleep 600; echo late");

        assertThatThrownBy(() -> SandboxAwait.on(team).withTimeout(Duration.ofSeconds(20))
                .untilOutputContains(handle, "late"))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("Timed out after 20 seconds of virtual time")
                .hasMessageContaining("to print \"late\"");
        assertThat(Duration.between(start, team.manualClock().instant())).isEqualTo(Duration.ofSeconds(20));
        handle.kill();
    }

    @Test
    void theDefaultsPollInWallTimeAndLeaveTheManualClockAlone(SandboxTeam team, @NewSandbox Sandbox sandbox) {
        Instant start = team.manualClock().instant();
        CommandHandle handle = sandbox.commands().start("sleep 5; echo done");

        assertThatThrownBy(() -> SandboxAwait.defaults().withTimeout(Duration.ofMillis(300))
                .untilOutputContains(handle, "done")).isInstanceOf(ConditionTimeoutException.class);
        assertThat(team.manualClock().instant()).isEqualTo(start);
        handle.kill();
    }
}
