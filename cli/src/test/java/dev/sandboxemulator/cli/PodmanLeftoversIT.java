package dev.sandboxemulator.cli;

/** {@link ContainerLeftoversContract} on Podman. */
class PodmanLeftoversIT extends ContainerLeftoversContract {
    PodmanLeftoversIT() {
        super("podman");
    }
}
