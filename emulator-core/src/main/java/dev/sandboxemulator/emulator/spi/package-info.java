/**
 * The backend service-provider interface: what the engine needs from a sandbox runtime.
 *
 * <ul>
 *   <li>{@link dev.sandboxemulator.emulator.spi.Backend}: create, snapshot/restore (clone), pause, resume, kill.</li>
 *   <li>{@link dev.sandboxemulator.emulator.spi.SandboxFileSystem}: a sandbox's files.</li>
 * </ul>
 */
package dev.sandboxemulator.emulator.spi;
