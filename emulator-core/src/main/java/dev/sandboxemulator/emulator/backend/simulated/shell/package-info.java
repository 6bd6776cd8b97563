/**
 * The simulated shell's syntax: {@link dev.sandboxemulator.emulator.backend.simulated.shell.ShellParser}
 * turns a script into an immutable {@link dev.sandboxemulator.emulator.backend.simulated.shell.Ast}.
 *
 * <p><b>Internal.</b> Not exported by the module; the types are public only so that the simulated
 * backend's runtime can use them. On the classpath they are reachable but not API: they may change or
 * disappear in any release without notice.
 */
package dev.sandboxemulator.emulator.backend.simulated.shell;
