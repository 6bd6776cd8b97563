package dev.sandboxemulator.emulator.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment that every process of a sandbox starts with, before the sandbox's own variables
 * and the request's: what E2B's envd sets, so user code can tell it runs in a sandbox and which one
 * (a clone is a different one). Container backends also write it into the container's settings,
 * where it names the container's sandbox.
 */
public final class SandboxEnvironment {
    /** The search path of Novita's base template. */
    public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private SandboxEnvironment() {
    }

    /** {@code E2B_SANDBOX=true} and {@code E2B_SANDBOX_ID=<sandboxId>}, in that order. */
    public static Map<String, String> identity(String sandboxId) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("E2B_SANDBOX", "true");
        env.put("E2B_SANDBOX_ID", sandboxId);
        return env;
    }

    /**
     * What a process of {@code user} in sandbox {@code sandboxId} starts with: the search path, the
     * user's home and name, and the sandbox's {@linkplain #identity identity}.
     */
    public static Map<String, String> forProcess(String sandboxId, String user) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", SandboxUsers.homeOf(user));
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.putAll(identity(sandboxId));
        return env;
    }
}
