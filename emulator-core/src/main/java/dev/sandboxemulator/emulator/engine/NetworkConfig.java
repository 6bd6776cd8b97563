package dev.sandboxemulator.emulator.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sandbox's outbound network rules as its client set them (at create or with a network
 * update). The emulator records and reports them but enforces none: docs/differences.md.
 *
 * @param allowOut hosts, addresses or CIDRs the sandbox may reach
 * @param denyOut hosts, addresses or CIDRs it may not
 * @param rules E2B's finer rules, kept as the JSON values the client sent (lists, maps, strings, numbers)
 * @param egressProxy E2B's egress proxy setting, kept as sent
 */
public record NetworkConfig(List<String> allowOut, List<String> denyOut, Optional<List<Object>> rules,
                            Optional<Object> egressProxy) {

    /** No rules at all: what a sandbox has until a client sets some. */
    public static final NetworkConfig NONE = new NetworkConfig(List.of(), List.of(), Optional.empty(), Optional.empty());

    public NetworkConfig {
        allowOut = List.copyOf(allowOut);
        denyOut = List.copyOf(denyOut);
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(egressProxy, "egressProxy");
    }

    /** Whether any rule is set; a sandbox without rules reports no {@code network}. */
    public boolean isEmpty() {
        return allowOut.isEmpty() && denyOut.isEmpty() && rules.isEmpty() && egressProxy.isEmpty();
    }
}
