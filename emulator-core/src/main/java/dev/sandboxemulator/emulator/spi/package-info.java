/**
 * The backend service-provider interface: what the engine needs from a sandbox runtime, and what a
 * backend of your own implements to run under the emulator.
 *
 * <ul>
 *   <li>{@link dev.sandboxemulator.emulator.spi.Backend}: create, snapshot/restore (clone), pause, resume,
 *       kill, and a {@link dev.sandboxemulator.emulator.spi.Backend#name() name} that the emulator reports;</li>
 *   <li>{@link dev.sandboxemulator.emulator.spi.SandboxFileSystem}: a sandbox's files, for the data plane's
 *       file endpoints and for tests;</li>
 *   <li>{@link dev.sandboxemulator.emulator.spi.ProcessManager} and
 *       {@link dev.sandboxemulator.emulator.spi.SandboxProcess}: a sandbox's processes, for the data plane's
 *       process endpoints;</li>
 *   <li>{@link dev.sandboxemulator.emulator.spi.BackendSnapshot}: the opaque state a clone is restored from.</li>
 * </ul>
 *
 * <h2>Implementing a backend</h2>
 *
 * <p>Plug it in with {@code SandboxEmulator.builder().backend(new MyBackend()).start()}. The emulator then
 * owns it: closing the emulator kills every sandbox through {@link dev.sandboxemulator.emulator.spi.Backend#kill}
 * and then calls {@link dev.sandboxemulator.emulator.spi.Backend#close}; give each emulator an instance of
 * its own.
 *
 * <p>What the engine guarantees and expects:
 * <ul>
 *   <li><b>Rules stay in the engine.</b> Ids, quotas, timeouts, the running/paused lifecycle and the wire
 *       API's errors are the engine's; a backend only does the physical work, for ids the engine made.</li>
 *   <li><b>Concurrency.</b> Calls for one sandbox never overlap (the engine holds that sandbox's lock);
 *       calls for different sandboxes may, so shared state must be thread-safe.</li>
 *   <li><b>Failures.</b> Throw {@link dev.sandboxemulator.emulator.spi.BackendException} when the work
 *       cannot be done: the engine logs it and answers the request with a server error that
 *       says what failed and carries the message (any other runtime exception is reported the same way,
 *       with its class name). The filesystem and process calls throw
 *       {@link dev.sandboxemulator.emulator.spi.FileSystemException} and
 *       {@link dev.sandboxemulator.emulator.spi.ProcessException}, whose reasons map onto envd's error codes.</li>
 *   <li><b>Time.</b> A built-in backend waits on the emulator's clock through
 *       {@link dev.sandboxemulator.emulator.spi.VirtualTime}; a plugged-in backend is not handed the
 *       emulator's, so one that should follow a test's manual clock takes the same clock the test gives the
 *       builder.</li>
 *   <li><b>Cloning.</b> {@link dev.sandboxemulator.emulator.spi.Backend#snapshot} then
 *       {@link dev.sandboxemulator.emulator.spi.Backend#restore} once per copy, possibly in parallel up to
 *       {@link dev.sandboxemulator.emulator.spi.Backend#restoreConcurrency()}; the engine
 *       {@link dev.sandboxemulator.emulator.spi.Backend#discard discards} each snapshot when done with it.</li>
 * </ul>
 */
package dev.sandboxemulator.emulator.spi;
