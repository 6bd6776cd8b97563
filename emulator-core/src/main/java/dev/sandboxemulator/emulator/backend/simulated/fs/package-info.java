
/**
 * The simulated backend's filesystem: {@link dev.sandboxemulator.emulator.backend.simulated.fs.CowFileSystem},
 * an in-memory copy-on-write tree whose forks share every node, its directory watches, and the open file
 * descriptions ({@link dev.sandboxemulator.emulator.backend.simulated.fs.OpenFile}) that redirections write
 * through. It uses nothing else of the simulated backend.
 *
 * <p><b>Internal.</b> Not exported by the module; the types are public only so that the rest of the
 * simulated backend can use them. On the classpath they are reachable but not API: they may change or
 * disappear in any release without notice.
 */
package dev.sandboxemulator.emulator.backend.simulated.fs;
