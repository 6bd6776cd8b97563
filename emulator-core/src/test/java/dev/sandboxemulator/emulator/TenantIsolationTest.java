package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.extension.ExtendWith;
import dev.sandboxemulator.client.CloneRequest;
import dev.sandboxemulator.client.CommandHandle;
import dev.sandboxemulator.client.CreateSandboxRequest;
import dev.sandboxemulator.client.RateLimitException;
import dev.sandboxemulator.client.RunOptions;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxConnectionException;
import dev.sandboxemulator.client.SandboxException;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxNotFoundException;
import dev.sandboxemulator.emulator.stub.CommandMatcher;
import dev.sandboxemulator.emulator.stub.StubBehavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tenants: teams that share one emulator without seeing each other, each with its own API key,
 * sandboxes, quota, clock, stubs and faults. This is what lets tests run in parallel. Closing a
 * tenant ends that team only; closing the emulator stops the server and closes every tenant.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class TenantIsolationTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().start();
    private final SandboxTenant alice = emulator.newTenant(TenantOptions.defaults().withManualClock().withRunningQuota(2));
    private final SandboxTenant bob = emulator.newTenant(TenantOptions.defaults().withManualClock());
    private final SandboxClient aliceClient = clientOf(alice);
    private final SandboxClient bobClient = clientOf(bob);

    @AfterEach
    void close() {
        emulator.close();
    }

    private static SandboxClient clientOf(SandboxTeam tenant) {
        return SandboxClient.builder().apiUrl(tenant.apiUrl()).sandboxUrl(tenant.sandboxUrl()).apiKey(tenant.apiKey()).build();
    }

    @Test
    void aTenantSeesOnlyItsOwnSandboxes() {
        Sandbox mine = aliceClient.create();
        Sandbox theirs = bobClient.create();

        assertThat(aliceClient.listAll(dev.sandboxemulator.client.ListSandboxesRequest.ALL).map(SandboxInfo::sandboxId)
                .collect(Collectors.toList())).containsExactly(mine.id());
        assertThat(alice.sandboxIds()).containsExactly(mine.id());
        assertThat(emulator.sandboxIds()).as("the default tenant holds neither").isEmpty();
        assertThatThrownBy(() -> aliceClient.getInfo(theirs.id())).isInstanceOf(SandboxNotFoundException.class);
        assertThat(aliceClient.kill(theirs.id())).isFalse();
        assertThatThrownBy(() -> alice.fileSystem(theirs.id())).isInstanceOf(java.util.NoSuchElementException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void eachTenantHasItsOwnRunningQuota() {
        aliceClient.create();
        aliceClient.create();

        assertThatThrownBy(aliceClient::create).isInstanceOf(RateLimitException.class);
        assertThat(bobClient.create().isRunning()).isTrue();
    }

    @Test
    void eachTenantHasItsOwnClock() {
        Sandbox mine = aliceClient.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(1)).build());
        Sandbox theirs = bobClient.create(CreateSandboxRequest.builder().timeout(Duration.ofMinutes(1)).build());
        Instant bobsStart = bob.manualClock().instant();

        alice.manualClock().advance(Duration.ofMinutes(1));

        assertThat(alice.sandboxIds()).isEmpty();
        assertThat(bob.sandboxIds()).containsExactly(theirs.id());
        assertThat(bobClient.getInfo(theirs.id()).startedAt()).isEqualTo(bobsStart);
        assertThat(mine.id()).isNotEqualTo(theirs.id());
    }

    @Test
    void aSleepRunsOnItsTenantsClock() throws Exception {
        Sandbox sandbox = aliceClient.create();
        CommandHandle sleeper = sandbox.commands().start("sleep 30; echo woke");

        bob.manualClock().advance(Duration.ofMinutes(5));
        Thread.sleep(100);
        assertThat(sleeper.exitCode()).as("another tenant's clock does not wake it").isEmpty();
        alice.manualClock().advance(Duration.ofSeconds(30));

        assertThat(sleeper.waitFor().stdout()).isEqualTo("woke\n");
    }

    @Test
    void aTenantsStubsAndFaultsReachOnlyItsSandboxes() {
        alice.stubs().register(CommandMatcher.exact("greet"), StubBehavior.stdout("hi from alice\n"));
        alice.faults().failClonesWhere(attempt -> true);
        Sandbox mine = aliceClient.create();
        Sandbox theirs = bobClient.create();

        assertThat(mine.commands().run("greet").stdout()).isEqualTo("hi from alice\n");
        assertThatThrownBy(() -> theirs.commands().run("greet")).hasMessageContaining("127");
        assertThatThrownBy(() -> mine.clone(CloneRequest.builder().build())).isInstanceOf(SandboxException.class);
        assertThat(theirs.clone(CloneRequest.builder().build()).count()).isEqualTo(1);
    }

    @Test
    void closingATenantKillsItsSandboxesAndRemovesItsStubsButTheEmulatorRunsOn() {
        Sandbox mine = aliceClient.create();
        alice.stubs().register(CommandMatcher.exact("greet"), StubBehavior.stdout("hi\n"));
        Sandbox theirs = bobClient.create();

        alice.close();

        assertThat(theirs.isRunning()).isTrue();
        assertThat(mine.isRunning()).isFalse();
        assertThatThrownBy(() -> theirs.commands().run("greet", RunOptions.DEFAULT)).hasMessageContaining("127");
        assertThat(bobClient.create().isRunning()).isTrue();
    }

    @Test
    void closingATenantFreesItsKeyAndFaultsAndLeavesTheDefaultTeamAloneAndClosingAgainDoesNothing() {
        Sandbox defaults = clientOf(emulator).create();
        alice.faults().failClonesWhere(attempt -> true);
        Sandbox mine = aliceClient.create();
        String key = alice.apiKey();

        alice.close();
        alice.close();

        assertThat(alice.sandboxIds()).isEmpty();
        assertThat(emulator.sandboxIds()).containsExactly(defaults.id());
        assertThat(defaults.isRunning()).isTrue();
        try (SandboxTenant again = emulator.newTenant(TenantOptions.defaults().withApiKey(key))) {
            Sandbox fresh = clientOf(again).create();
            assertThat(again.sandboxIds()).as("the key's sandboxes are the new tenant's only").containsExactly(fresh.id());
            assertThat(fresh.clone(CloneRequest.builder().build()).count()).as("the old tenant's faults are gone").isEqualTo(1);
            assertThatThrownBy(() -> clientOf(again).getInfo(mine.id())).isInstanceOf(SandboxNotFoundException.class);
        }
    }

    @Test
    void closingTheEmulatorStopsItsServerAndClosesEveryTenant() {
        Sandbox mine = aliceClient.create();
        Sandbox theirs = bobClient.create();
        clientOf(emulator).create();
        bob.faults().failClonesWhere(attempt -> true);
        CloneAttempt anyAttempt = new CloneAttempt(theirs.id(), "copy", 0, 1);
        assertThat(bob.faults().cloneFailure(anyAttempt)).isPresent();

        emulator.close();

        assertThat(alice.sandboxIds()).isEmpty();
        assertThat(bob.sandboxIds()).isEmpty();
        assertThat(emulator.sandboxIds()).isEmpty();
        assertThat(bob.faults().cloneFailure(anyAttempt)).as("bob's tenant was closed too").isEmpty();
        assertThatThrownBy(mine::isRunning).as("the server is gone").isInstanceOf(SandboxConnectionException.class);
        assertThatThrownBy(() -> bobClient.getInfo(theirs.id())).isInstanceOf(SandboxConnectionException.class);
        alice.close();
        emulator.close();
    }

    @Test
    void anEmulatorThatRequiresAKeyStillAdmitsItsTenantsKeys() {
        try (SandboxEmulator locked = SandboxEmulator.builder().apiKey("secret").start()) {
            SandboxTenant team = locked.newTenant(TenantOptions.defaults().withApiKey("team-key"));

            assertThat(clientOf(team).create().isRunning()).isTrue();
            assertThat(locked.apiKey()).isEqualTo("secret");
        }
    }

    @Test
    void twoTenantsCannotShareAKey() {
        emulator.newTenant(TenantOptions.defaults().withApiKey("shared"));

        assertThatThrownBy(() -> emulator.newTenant(TenantOptions.defaults().withApiKey("shared")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared");
        assertThatThrownBy(() -> emulator.newTenant(TenantOptions.defaults().withApiKey(emulator.apiKey())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own key");
    }
}
