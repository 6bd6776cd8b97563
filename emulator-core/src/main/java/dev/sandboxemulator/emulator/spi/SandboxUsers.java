package dev.sandboxemulator.emulator.spi;

/**
 * The users every sandbox has, as Novita's templates define them: {@code user}, whom requests act
 * as unless they name another, and {@code root}. Backends create their homes; the data plane
 * checks names against them and resolves relative paths from their homes.
 */
public final class SandboxUsers {
    /** Whom a request acts as when it names nobody. */
    public static final String DEFAULT = "user";
    public static final String ROOT = "root";

    private SandboxUsers() {
    }

    /** Whether {@code name} is one of the sandbox's users. */
    public static boolean exists(String name) {
        return DEFAULT.equals(name) || ROOT.equals(name);
    }

    /** The user's home: {@code /root} for root, {@code /home/<user>} for anyone else. */
    public static String homeOf(String user) {
        return ROOT.equals(user) ? "/root" : "/home/" + user;
    }
}
