/**
 * The simulated backend: sandboxes in the JVM, with copy-on-write files and a simulated shell whose
 * waits run on the emulator's clock.
 *
 * <p><b>Internal.</b> The module {@code dev.sandboxemulator.emulator} does not export this package. On the
 * classpath its public types are reachable, but they are not API: they may change or disappear in any
 * release without notice. Use {@code dev.sandboxemulator.emulator}, its {@code stub} package and the
 * backend SPI {@code dev.sandboxemulator.emulator.spi} instead.
 */
package dev.sandboxemulator.emulator.backend.simulated;
