package dev.sandboxemulator.emulator.behaviour;

import dev.sandboxemulator.emulator.SandboxEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox behaviour contract on the simulated backend: in-memory filesystems and the simulated shell. */
class SimulatedSandboxBehaviourTest extends SandboxBehaviourContract {

    SimulatedSandboxBehaviourTest() {
        super("simulated");
    }

    @Override
    protected void requireBackend() {
        assertThat(SandboxEmulator.backendUnavailableReason("simulated")).as("the simulated backend runs anywhere").isEmpty();
    }
}
