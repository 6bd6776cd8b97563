package dev.sandboxemulator.client.internal;

import java.util.List;

/** {@code {"snapshotID": string, "names": string[]}}: returned by create and list snapshot calls. */
public record SnapshotJson(String snapshotID, List<String> names) {}
