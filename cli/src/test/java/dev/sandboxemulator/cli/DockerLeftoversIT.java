package dev.sandboxemulator.cli;

/** {@link ContainerLeftoversContract} on Docker. */
class DockerLeftoversIT extends ContainerLeftoversContract {
    DockerLeftoversIT() {
        super("docker");
    }
}
