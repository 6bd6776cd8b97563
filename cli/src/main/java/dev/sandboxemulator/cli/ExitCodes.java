package dev.sandboxemulator.cli;

/**
 * The command line's exit codes: one per cause a script may want to tell apart. Listed in
 * {@code --help}'s footer.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Any failure without a code of its own (the service answered 500, say). */
    public static final int FAILURE = 1;
    /** Unknown command or option, a missing or malformed value, no API key. */
    public static final int BAD_ARGUMENTS = 2;
    /** No such sandbox or snapshot (or one of another team). */
    public static final int NOT_FOUND = 3;
    /** The team's running quota is exhausted. */
    public static final int QUOTA_EXCEEDED = 4;
    /** A clone failed (a strict one removed the copies it had made). */
    public static final int CLONE_FAILED = 5;
    /** The endpoint did not answer: wrong URL, or no emulator running there. */
    public static final int UNREACHABLE = 6;
    /** The API key (or access token) was refused. */
    public static final int UNAUTHORIZED = 7;

    private ExitCodes() {
    }
}
