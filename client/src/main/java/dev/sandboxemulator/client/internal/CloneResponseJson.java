package dev.sandboxemulator.client.internal;

import java.util.List;

/** The body returned by {@code POST /sandboxes/{id}/clone}. */
public record CloneResponseJson(List<ClonedSandboxJson> sandboxes, String snapshotTemplateId) {

    /** One clone. {@code clientID}, when present, becomes a {@code -clientID} suffix of the ID. */
    public record ClonedSandboxJson(
            String sandboxID, String clientID, String envdVersion, String envdAccessToken, String trafficAccessToken) {}
}
