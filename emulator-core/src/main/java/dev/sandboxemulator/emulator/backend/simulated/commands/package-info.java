
/**
 * The simulated shell's builtin commands ({@code ls}, {@code cat}, {@code grep}, {@code cd}, {@code sleep} ...):
 * {@link dev.sandboxemulator.emulator.backend.simulated.commands.Builtins} is the registry that declares each
 * one and how an invocation runs and reports back; the commands live by family ({@code FileCommands},
 * {@code TextCommands}, {@code OutputCommands}, {@code ShellCommands}, {@code SystemCommands},
 * {@code TestCommand}, {@code LsCommand}). {@code docs/simulated-shell.md} lists what each one supports.
 *
 * <p><b>Internal.</b> Not exported by the module; the types are public only so that the simulated shell's
 * interpreter can run them. On the classpath they are reachable but not API: they may change or disappear
 * in any release without notice.
 */
package dev.sandboxemulator.emulator.backend.simulated.commands;
