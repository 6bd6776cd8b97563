/**
 * The simulated shell's syntax: {@link dev.sandboxemulator.emulator.backend.simulated.shell.ShellParser}
 * turns a script into an immutable {@link dev.sandboxemulator.emulator.backend.simulated.shell.Ast}.
 *
 * <p>Not API: the types are public only so that the simulated backend's runtime can use them.
 */
package dev.sandboxemulator.emulator.backend.simulated.shell;
