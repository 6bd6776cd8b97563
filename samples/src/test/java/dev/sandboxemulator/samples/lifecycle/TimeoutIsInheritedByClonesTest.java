package dev.sandboxemulator.samples.lifecycle;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.Lifecycle;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxState;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.junit.SandboxTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timeouts proven with the test's manual clock, without sleeping: clones of a running sandbox
 * inherit its timeout, clones of a paused one get five minutes, and a sandbox created with
 * auto-pause is paused (not killed) when its time is up.
 */
@SandboxTest
class TimeoutIsInheritedByClonesTest {

    @Test
    void clonesOfARunningSandboxInheritItsTimeout(SandboxClient client, SandboxTeam team) {
        Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(20)).build());
        team.manualClock().advance(Duration.ofMinutes(5));
        Instant cloned = team.manualClock().instant();

        Sandbox clone = parent.clone(CloneRequest.DEFAULT).sandboxes().get(0);

        assertThat(clone.info().endAt()).isEqualTo(cloned.plus(Duration.ofMinutes(20)));
        team.manualClock().advance(Duration.ofMinutes(15));
        assertThat(parent.isRunning()).as("the parent's own 20 minutes are up").isFalse();
        assertThat(clone.isRunning()).as("the clone has 5 minutes left").isTrue();
        team.manualClock().advance(Duration.ofMinutes(5));
        assertThat(clone.isRunning()).isFalse();
    }

    @Test
    void clonesOfAPausedSandboxGetFiveMinutes(SandboxClient client, SandboxTeam team) {
        Sandbox parent = client.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(30)).build());
        parent.pause();

        Sandbox clone = parent.clone(CloneRequest.DEFAULT).sandboxes().get(0);

        assertThat(clone.info().endAt()).isEqualTo(team.manualClock().instant().plus(Duration.ofMinutes(5)));
        assertThat(parent.info().state()).isEqualTo(SandboxState.PAUSED);
        clone.kill();
        parent.kill();
    }

    @Test
    void anAutoPausingSandboxIsPausedWhenItsTimeIsUpAndResumesWithItsFiles(SandboxClient client, SandboxTeam team) {
        Sandbox sandbox = client.create(CreateSandboxRequest.builder()
                .timeout(Duration.ofMinutes(10))
                .lifecycle(Lifecycle.pauseOnTimeout(false))
                .build());
        sandbox.files().write("notes.txt", "kept across the pause");

        team.manualClock().advance(Duration.ofMinutes(10));

        assertThat(sandbox.info().state()).isEqualTo(SandboxState.PAUSED);
        client.connect(sandbox.id(), Duration.ofMinutes(10));
        assertThat(sandbox.files().readText("notes.txt")).isEqualTo("kept across the pause");
        sandbox.kill();
    }
}
