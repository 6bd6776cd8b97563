package dev.sandboxemulator.emulator.backend.container;

/** {@link ContainerMemoryStateContract} on Podman. */
class PodmanMemoryStateTest extends ContainerMemoryStateContract {
    PodmanMemoryStateTest() {
        super("podman");
    }
}
