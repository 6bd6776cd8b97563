package dev.sandboxemulator.emulator.behaviour;

import dev.sandboxemulator.emulator.backend.container.EngineLeftovers;

import java.util.List;
import java.util.Optional;

/**
 * The sandbox behaviour contract on the podman backend: real containers, checkpointed and restored
 * by Podman with CRIU. Skipped with the reason where podman cannot run, unless container backends
 * are required (see {@link ContainerRequirement}).
 */
class PodmanSandboxBehaviourTest extends SandboxBehaviourContract {

    PodmanSandboxBehaviourTest() {
        super("podman");
    }

    @Override
    protected void requireBackend() {
        ContainerRequirement.assumeAvailable("podman");
    }

    @Override
    protected Optional<String> whyCommandsCannotSwitchUsers() {
        return ContainerRequirement.whyProcessesCannotSwitchUsers();
    }

    @Override
    protected List<String> hostResources() {
        return EngineLeftovers.take("podman").lines();
    }
}
