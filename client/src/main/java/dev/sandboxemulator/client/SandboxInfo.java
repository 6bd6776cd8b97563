package dev.sandboxemulator.client;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the control plane reports about one sandbox. Instances are immutable snapshots; they do not change when the
 * sandbox does.
 *
 * <p>{@link SandboxClient#getInfo} fills every field. Entries of {@link SandboxClient#list} carry no {@code lifecycle}
 * and no {@code allowInternetAccess}, because the list endpoint does not return them.
 *
 * @param sandboxId the sandbox ID
 * @param templateId the ID of the template the sandbox was created from
 * @param alias the template alias, when the server reports one (the SDK calls it {@code name})
 * @param metadata the metadata given at creation; empty when there is none
 * @param startedAt when the sandbox started
 * @param endAt when the sandbox's timeout expires
 * @param state whether the sandbox is running or paused
 * @param cpuCount the number of vCPUs
 * @param memoryMb the memory size in MiB
 * @param diskSizeMb the disk size in MiB
 * @param envdVersion the version of the envd daemon inside the sandbox
 * @param lifecycle what happens at expiry, when the server reports it
 * @param allowInternetAccess whether the sandbox may reach the internet, when the server reports it
 */
public record SandboxInfo(
        String sandboxId,
        String templateId,
        Optional<String> alias,
        Map<String, String> metadata,
        Instant startedAt,
        Instant endAt,
        SandboxState state,
        int cpuCount,
        int memoryMb,
        int diskSizeMb,
        String envdVersion,
        Optional<Lifecycle> lifecycle,
        Optional<Boolean> allowInternetAccess) {

    /** Checks for nulls and makes an immutable copy of {@code metadata}. */
    public SandboxInfo {
        Objects.requireNonNull(sandboxId, "sandboxId == null");
        Objects.requireNonNull(templateId, "templateId == null");
        Objects.requireNonNull(alias, "alias == null");
        metadata = Checks.copyOf(metadata, "metadata");
        Objects.requireNonNull(startedAt, "startedAt == null");
        Objects.requireNonNull(endAt, "endAt == null");
        Objects.requireNonNull(state, "state == null");
        Objects.requireNonNull(envdVersion, "envdVersion == null");
        Objects.requireNonNull(lifecycle, "lifecycle == null");
        Objects.requireNonNull(allowInternetAccess, "allowInternetAccess == null");
    }
}
