package dev.sandboxemulator.emulator.server.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of the fork answer: exactly one of {@code sandbox} and {@code error} (the other is left
 * out), as E2B's SDK reads it.
 */
public record ForkSlotJson(ForkedSandboxJson sandbox, ErrorJson error) {

    /**
     * A fork, in E2B's {@code Sandbox} shape. Unlike create's answer, {@code domain} and
     * {@code trafficAccessToken} are sent as {@code null}, as upstream's fork handler sends them; the
     * SDK then keeps its configured domain. {@code clientID} is sent but the SDK ignores it.
     */
    public record ForkedSandboxJson(String sandboxID, String clientID, String templateID, String envdVersion,
                                    String envdAccessToken,
                                    @JsonInclude(JsonInclude.Include.ALWAYS) String domain,
                                    @JsonInclude(JsonInclude.Include.ALWAYS) String trafficAccessToken) {
    }
}
