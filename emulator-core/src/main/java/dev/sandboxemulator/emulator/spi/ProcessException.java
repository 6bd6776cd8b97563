package dev.sandboxemulator.emulator.spi;

/** A process operation failed; the reason maps onto a Connect error code. */
public class ProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why it failed. */
    public enum Reason { NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION, UNIMPLEMENTED }

    private final Reason reason;

    public ProcessException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
