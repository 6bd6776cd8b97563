package dev.sandboxemulator.emulator.backend.container;

/** {@link ContainerFaultContract} on Docker. */
class DockerFaultTest extends ContainerFaultContract {
    DockerFaultTest() {
        super("docker");
    }
}
