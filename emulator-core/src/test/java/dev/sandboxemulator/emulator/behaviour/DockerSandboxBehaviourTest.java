package dev.sandboxemulator.emulator.behaviour;

import dev.sandboxemulator.emulator.backend.container.EngineLeftovers;

import java.util.List;
import java.util.Optional;

/**
 * The sandbox behaviour contract on the docker backend: real containers, with CRIU checkpoint/restore for
 * pause and clone. Skipped with the reason where docker cannot run, unless docker is required (see
 * {@link ContainerRequirement}).
 */
class DockerSandboxBehaviourTest extends SandboxBehaviourContract {

    DockerSandboxBehaviourTest() {
        super("docker");
    }

    @Override
    protected void requireBackend() {
        ContainerRequirement.assumeAvailable();
    }

    @Override
    protected Optional<String> whyCommandsCannotSwitchUsers() {
        return ContainerRequirement.whyProcessesCannotSwitchUsers();
    }

    @Override
    protected List<String> hostResources() {
        return EngineLeftovers.take("docker").lines();
    }
}
