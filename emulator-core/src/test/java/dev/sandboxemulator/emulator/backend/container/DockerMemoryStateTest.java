package dev.sandboxemulator.emulator.backend.container;

/** {@link ContainerMemoryStateContract} on Docker. */
class DockerMemoryStateTest extends ContainerMemoryStateContract {
    DockerMemoryStateTest() {
        super("docker");
    }
}
