package dev.sandboxemulator.emulator.server.wire;

import java.util.List;

/**
 * The clone answer. Entries carry no {@code clientID}: the SDK would append it to the id
 * ({@code id-clientID}) even on modern domains.
 */
public record CloneResponseJson(List<ClonedSandboxJson> sandboxes, String snapshotTemplateId) {

    /** One copy. */
    public record ClonedSandboxJson(String sandboxID, String envdVersion, String envdAccessToken) {
    }
}
