package dev.sandboxemulator.emulator.server.envd;

import dev.sandboxemulator.emulator.engine.DataPlaneAccess;

/**
 * One authenticated data-plane request: the sandbox it reaches and the user it acts as.
 */
final class EnvdCall {
    static final String DEFAULT_USER = "user";

    private final DataPlaneAccess access;
    private final String user;

    EnvdCall(DataPlaneAccess access, String user) {
        this.access = access;
        this.user = user;
    }

    DataPlaneAccess access() {
        return access;
    }

    String user() {
        return user;
    }

    /** The user's home: {@code /root} for root, {@code /home/<user>} for anyone else. */
    String home() {
        return homeOf(user);
    }

    static String homeOf(String user) {
        return "root".equals(user) ? "/root" : "/home/" + user;
    }

    /** An absolute path; relative paths (and an empty one) resolve against the user's home, as envd does. */
    String resolve(String path) {
        if (path != null && path.indexOf('\0') >= 0) {
            // As open(2) would never see it: a C string ends at the NUL.
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "invalid path: it contains a NUL byte");
        }
        if (path == null || path.isEmpty()) {
            return home();
        }
        if (path.startsWith("/")) {
            return path;
        }
        if (path.equals("~")) {
            return home();
        }
        if (path.startsWith("~/")) {
            return home() + path.substring(1);
        }
        return home() + "/" + path;
    }

    /** Checks a user name; the emulator knows {@code user} and {@code root}, as Novita's templates do. */
    static String validUser(String user) {
        if (!"user".equals(user) && !"root".equals(user)) {
            throw new ConnectException(ConnectCode.UNAUTHENTICATED,
                    "invalid user '" + user + "': this sandbox has the users 'user' and 'root'");
        }
        return user;
    }
}
