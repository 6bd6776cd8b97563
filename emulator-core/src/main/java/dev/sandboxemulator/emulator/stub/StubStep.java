package dev.sandboxemulator.emulator.stub;

/**
 * A continuation a handler scheduled with {@link StubContext#after}. It receives the context of
 * the process it runs in, which for a cloned process is the clone's, not the original's.
 *
 * @param <S> the handler's state type
 */
@FunctionalInterface
public interface StubStep<S> {

    void run(StubContext<S> context);
}
