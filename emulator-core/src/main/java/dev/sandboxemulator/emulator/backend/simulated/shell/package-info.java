
/**
 * The simulated shell's language. Its syntax: {@link dev.sandboxemulator.emulator.backend.simulated.shell.ShellParser}
 * turns a script into an immutable {@link dev.sandboxemulator.emulator.backend.simulated.shell.Ast}. Its
 * interpreter: a {@link dev.sandboxemulator.emulator.backend.simulated.shell.Job} is a stack of
 * {@link dev.sandboxemulator.emulator.backend.simulated.shell.Frame}s (positions in the tree, as plain data
 * that a clone copies) with the shell's variables and options
 * ({@link dev.sandboxemulator.emulator.backend.simulated.shell.ShellState}); the frames expand words
 * ({@code Expander}, {@code Glob}, {@code Substitutions}), apply redirections ({@code Redirections},
 * {@code CommandStreams}) and run a simple command as a stub ({@code StubRun}) or a builtin of the
 * {@code commands} package ({@code CommandFrame}).
 *
 * <p><b>Internal.</b> Not exported by the module; the types are public only so that the simulated
 * backend's runtime can use them. On the classpath they are reachable but not API: they may change or
 * disappear in any release without notice.
 */
package dev.sandboxemulator.emulator.backend.simulated.shell;
