package dev.sandboxemulator.emulator.stub;

import dev.sandboxemulator.emulator.spi.ProcessSignal;

/**
 * A scripted command: reacts to events of one command invocation through the {@link StubContext}
 * each event passes in.
 *
 * <p>Handlers are event driven and must not block: to take time, schedule a continuation on the
 * emulator's clock with {@link StubContext#after}. A command ends when the handler calls {@link
 * StubContext#exit}; until then it is running (and a script that ran it waits for it).
 *
 * <p><b>Clones and pauses.</b> A running command is plain data: its state, its pending
 * continuations and its output so far. When a sandbox is cloned, each copy of the command gets
 * {@link #copyState copyState(state)} and the same pending continuations, which then run against
 * the copy. For that to work a handler must keep everything that changes in {@link
 * StubContext#state()} and always use the context passed to the current callback: a context
 * captured from an earlier callback refers to the original process, so it is closed when its
 * callback returns and any use of it throws {@link IllegalStateException}. The handler object and
 * its continuations are shared between copies, so they must not hold mutable fields.
 *
 * <p>Immutable state (such as a record replaced with {@link StubContext#setState}) needs no
 * {@code copyState}; mutable state must override it to return an independent copy.
 *
 * @param <S> the type of the per-invocation state; {@code Void} or {@code Object} when there is none
 */
@FunctionalInterface
public interface StubHandler<S> {

    /** Called once when the command starts; the stdin already available is in {@link StubContext#stdin()}. */
    void onStart(StubContext<S> context);

    /** The state a new invocation starts with; {@code null} by default. */
    default S initialState() {
        return null;
    }

    /** An independent copy of {@code state} for a cloned process; the same object by default (right for immutable state). */
    default S copyState(S state) {
        return state;
    }

    /** Called with each chunk of standard input that arrives after {@link #onStart}. */
    default void onStdin(StubContext<S> context, byte[] data) {
    }

    /** Called once when standard input reaches its end (possibly right after {@link #onStart}). */
    default void onStdinClosed(StubContext<S> context) {
    }

    /**
     * Called when the process receives SIGTERM while this command runs in the foreground (SIGKILL
     * cannot be caught). By default the process ends as killed by the signal; a handler may instead
     * print something and {@link StubContext#exit} with a code of its choice, after which the
     * script goes on.
     */
    default void onSignal(StubContext<S> context, ProcessSignal signal) {
        context.exitBySignal(signal);
    }
}
