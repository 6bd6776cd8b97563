
/**
 * The simulated backend's processes: {@link dev.sandboxemulator.emulator.backend.simulated.process.SimulatedProcesses},
 * a sandbox's process table, and {@link dev.sandboxemulator.emulator.backend.simulated.process.SimulatedProcess},
 * which runs a script's jobs frame by frame on the sandbox's virtual time, with its stdin, output, deadline,
 * pause and deep copy for a clone. {@link dev.sandboxemulator.emulator.backend.simulated.process.Syscalls} is
 * what the interpreter's frames may do to the process and its sandbox;
 * {@link dev.sandboxemulator.emulator.backend.simulated.process.ProcessHost} the sandbox-wide services a
 * process runs against.
 *
 * <p><b>Internal.</b> Not exported by the module; the types are public only so that the rest of the
 * simulated backend can use them. On the classpath they are reachable but not API: they may change or
 * disappear in any release without notice.
 */
package dev.sandboxemulator.emulator.backend.simulated.process;
