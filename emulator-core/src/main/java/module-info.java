/**
 * The Novita Sandbox emulator.
 *
 * <ul>
 *   <li>{@code dev.sandboxemulator.emulator}: {@code SandboxEmulator} (start one, control it: clock, stubs, faults,
 *       files), {@code SandboxTenant} (an isolated team on it, from {@code newTenant(TenantOptions)}),
 *       {@code SandboxTeam} (what both offer), {@code ManualClock}, {@code CloneFaults}, {@code TenantOptions};</li>
 *   <li>{@code dev.sandboxemulator.emulator.stub}: stubs for the simulated shell's commands;</li>
 *   <li>{@code dev.sandboxemulator.emulator.spi}: what a backend implements, to be plugged in with
 *       {@code SandboxEmulator.Builder.backend(Backend)}.</li>
 * </ul>
 * The engine, the server and the backends' implementations are not exported.
 */
module dev.sandboxemulator.emulator {
    requires jdk.httpserver;
    requires java.logging;
    requires com.fasterxml.jackson.databind;
    // The container backends' client: optional, present only for --backend docker or podman (see ContainerBackends).
    requires static com.github.dockerjava.api;
    requires static com.github.dockerjava.core;
    requires static com.github.dockerjava.transport;
    requires static com.github.dockerjava.transport.httpclient5;

    exports dev.sandboxemulator.emulator;
    exports dev.sandboxemulator.emulator.spi;
    exports dev.sandboxemulator.emulator.stub;

    opens dev.sandboxemulator.emulator.server.wire to com.fasterxml.jackson.databind;
}
