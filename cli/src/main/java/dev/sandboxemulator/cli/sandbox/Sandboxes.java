package dev.sandboxemulator.cli.sandbox;

import dev.sandboxemulator.cli.CommandFailure;
import dev.sandboxemulator.cli.ExitCodes;
import dev.sandboxemulator.client.Sandbox;
import dev.sandboxemulator.client.SandboxClient;
import dev.sandboxemulator.client.SandboxInfo;
import dev.sandboxemulator.client.SandboxState;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What several commands share: reaching one sandbox's envd, and parsing {@code k=v} filters. */
final class Sandboxes {
    private Sandboxes() {
    }

    /**
     * The sandbox, connected for its files and commands: a paused one is resumed (with the SDK's
     * 300-second timeout, as E2B's CLI does), a running one keeps its timeout (connect only ever
     * extends a running sandbox's timeout, so asking for one second changes nothing but the last second).
     */
    static Sandbox reach(SandboxClient client, String sandboxId) {
        SandboxInfo info = client.getInfo(sandboxId);
        return client.connect(sandboxId, info.state() == SandboxState.RUNNING ? Duration.ofSeconds(1) : SandboxClient.DEFAULT_CONNECT_TIMEOUT);
    }

    /** The failure for ids a command could not find: exit code 3, naming each ({@code "sandbox x not found"}). */
    static CommandFailure notFound(String kind, List<String> ids) {
        return new CommandFailure(ExitCodes.NOT_FOUND, kind + (ids.size() == 1 ? " " : "s ") + String.join(", ", ids) + " not found");
    }

    /** {@code key1=value1,key2=value2} (as E2B's {@code -m} takes them), from one or more options. */
    static Map<String, String> pairs(List<String> options, String what) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String option : options) {
            for (String pair : option.split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, what + " needs key=value pairs, got '" + pair + "'");
                }
                pairs.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return pairs;
    }

    /** {@code running}, {@code paused}, or both separated by a comma. */
    static List<SandboxState> states(String states) {
        return java.util.Arrays.stream(states.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(state -> {
            try {
                return SandboxState.fromWire(state);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCodes.BAD_ARGUMENTS, "unknown state '" + state + "': use running, paused or both");
            }
        }).collect(java.util.stream.Collectors.toList());
    }
}
