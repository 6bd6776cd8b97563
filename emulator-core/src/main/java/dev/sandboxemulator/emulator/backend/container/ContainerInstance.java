package dev.sandboxemulator.emulator.backend.container;

import java.util.Map;
import java.util.UUID;

/**
 * Who made a container, an image or a checkpoint: one backend instance, in one JVM. Everything
 * a container backend makes carries both, so {@code close()} removes what its instance made, and
 * a later emulator removes what a killed one left ({@link LeftoverReaper}).
 *
 * @param id this backend instance, unique
 * @param owner the JVM, as {@code pid@starttime} ({@link HostProcess#self()})
 */
record ContainerInstance(String id, String owner) {
    static final String LABEL_INSTANCE = "dev.sandboxemulator.instance";
    static final String LABEL_OWNER = "dev.sandboxemulator.owner";
    static final String LABEL_SANDBOX = "dev.sandboxemulator.sandbox";
    static final String LABEL_TEMPLATE = "dev.sandboxemulator.template";
    static final String LABEL_METADATA = "dev.sandboxemulator.metadata.";

    static ContainerInstance create() {
        return new ContainerInstance(UUID.randomUUID().toString(), HostProcess.self());
    }

    /** The labels that mark what this instance makes. */
    Map<String, String> labels() {
        return Map.of(LABEL_INSTANCE, id, LABEL_OWNER, owner);
    }

    /** The label filter that finds what this instance made. */
    String instanceFilter() {
        return LABEL_INSTANCE + "=" + id;
    }

    /** A short tag for names. */
    String shortId() {
        return id.substring(0, 8);
    }
}
