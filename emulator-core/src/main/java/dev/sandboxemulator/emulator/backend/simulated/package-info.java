
/**
 * The simulated backend: sandboxes in the JVM, with copy-on-write files and a simulated shell whose
 * waits run on the emulator's clock. {@link dev.sandboxemulator.emulator.backend.simulated.SimulatedBackend}
 * wires the parts, which live in subpackages: {@code fs} (the copy-on-write filesystem), {@code process}
 * (processes and what their scripts may do to them), {@code shell} (the shell language: parser and
 * interpreter) and {@code commands} (the builtins). {@code fs} uses none of the others, and none of them
 * uses this package.
 *
 * <p><b>Internal.</b> The module {@code dev.sandboxemulator.emulator} does not export this package. On the
 * classpath its public types are reachable, but they are not API: they may change or disappear in any
 * release without notice. Use {@code dev.sandboxemulator.emulator}, its {@code stub} package and the
 * backend SPI {@code dev.sandboxemulator.emulator.spi} instead.
 */
package dev.sandboxemulator.emulator.backend.simulated;
