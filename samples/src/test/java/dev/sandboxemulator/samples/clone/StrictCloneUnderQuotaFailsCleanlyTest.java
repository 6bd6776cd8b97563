package dev.sandboxemulator.samples.clone;

import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CloneResult;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.emulator.SandboxTeam;
import dev.sandboxemulator.junit.NewSandbox;
import dev.sandboxemulator.junit.SandboxTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code strict} means when clones fail, and what the running quota does to a clone request:
 * a strict clone makes all its copies or none, a non-strict one keeps those that succeeded, and a
 * request the quota cannot hold is refused before anything is made. The failures are planted with
 * the test's faults (on its SandboxTeam), so each path runs every time.
 */
@SandboxTest(runningQuota = 4)
class StrictCloneUnderQuotaFailsCleanlyTest {

    @Test
    void aStrictCloneWithOneFailedCopyLeavesNoCopyBehind(@NewSandbox Sandbox parent, SandboxTeam team) {
        team.faults().failNthClone(2);

        assertThatThrownBy(() -> parent.clone(CloneRequest.builder().count(3).strict(true).build()))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("clone failed");

        assertThat(team.sandboxIds()).containsExactly(parent.id());
    }

    @Test
    void aNonStrictCloneKeepsTheCopiesThatSucceeded(@NewSandbox Sandbox parent, SandboxTeam team) {
        team.faults().failNthClone(2);

        CloneResult result = parent.clone(CloneRequest.builder().count(3).strict(false).build());

        assertThat(result.count()).isEqualTo(2);
        assertThat(team.sandboxIds()).hasSize(3);
        result.sandboxes().forEach(Sandbox::kill);
    }

    @Test
    void aCloneBeyondTheRunningQuotaIsRefusedBeforeAnythingIsMade(@NewSandbox Sandbox parent, SandboxTeam team) {
        // The quota is 4 and the parent runs: 3 slots are left.
        assertThatThrownBy(() -> parent.clone(CloneRequest.builder().count(4).build()))
                .isInstanceOf(RateLimitException.class)
                .hasMessageContaining("quota");

        assertThat(team.sandboxIds()).containsExactly(parent.id());
        CloneResult fits = parent.clone(CloneRequest.builder().count(3).strict(true).build());
        assertThat(fits.count()).isEqualTo(3);
        fits.sandboxes().forEach(Sandbox::kill);
    }
}
