/**
 * Stubs: how a test tells the simulated sandbox what a command does.
 *
 * <p>The simulated backend runs shell scripts in the JVM. It knows the common coreutils-like
 * commands (see {@code docs/simulated-shell.md}); any other program, such as {@code python3} or
 * {@code npm}, exits 127 unless a stub answers it. A stub pairs a {@link
 * dev.sandboxemulator.emulator.stub.CommandMatcher} with a {@link
 * dev.sandboxemulator.emulator.stub.StubBehavior}, registered in {@link
 * dev.sandboxemulator.emulator.stub.Stubs}:
 *
 * <pre>{@code
 * stubs.register(CommandMatcher.prefix("python3 train.py"),
 *         StubBehavior.stdout("epoch 1 done\n").withDelay(Duration.ofSeconds(30)));
 *
 * stubs.register(CommandMatcher.exact("npm test"), StubBehavior.handler(context -> {
 *     context.stdout("running 3 tests\n");
 *     context.after(Duration.ofSeconds(2), later -> {
 *         later.stdout("3 passed\n");
 *         later.exit(0);
 *     });
 * }));
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.sandboxemulator.emulator.stub.Stubs}: the thread-safe registry.</li>
 *   <li>{@link dev.sandboxemulator.emulator.stub.CommandMatcher}: which command lines a stub answers.</li>
 *   <li>{@link dev.sandboxemulator.emulator.stub.StubBehavior}: a fixed result, or a {@link
 *       dev.sandboxemulator.emulator.stub.StubHandler} that reacts to events through a {@link
 *       dev.sandboxemulator.emulator.stub.StubContext}.</li>
 * </ul>
 */
package dev.sandboxemulator.emulator.stub;
