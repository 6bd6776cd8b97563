package dev.sandboxemulator.emulator.backend.container;

/** {@link ContainerFaultContract} on Podman. */
class PodmanFaultTest extends ContainerFaultContract {
    PodmanFaultTest() {
        super("podman");
    }
}
