package dev.sandboxemulator.emulator.server.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A sandbox's network rules: the {@code network} of a create body and of SandboxDetail, and the body
 * of {@code PUT /sandboxes/{id}/network} (which may also carry {@code allow_internet_access}).
 * {@code rules} and {@code egressProxy} are E2B's, kept as sent; Novita's {@code allowPublicTraffic}
 * and {@code maskRequestHost} are read (for their types) and not modelled.
 */
public record NetworkJson(
        List<String> allowOut,
        List<String> denyOut,
        JsonNode rules,
        JsonNode egressProxy,
        Boolean allowPublicTraffic,
        String maskRequestHost,
        @JsonProperty(value = "allow_internet_access", access = JsonProperty.Access.WRITE_ONLY) Boolean allowInternetAccess) {
}
