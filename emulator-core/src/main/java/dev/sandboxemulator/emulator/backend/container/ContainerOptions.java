package dev.sandboxemulator.emulator.backend.container;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the container backends map templates to images, how long they wait for the engine, and how many copies they restore at once.
 *
 * @param templateImages image by template id
 * @param defaultImage the image of every other template
 * @param callTimeout the longest a daemon call may take where the transport can bound it
 * @param criuTimeout the longest a checkpoint or restore may take; then CRIU is killed (a hung
 *     dump would leave the container frozen, a hung restore the caller waiting forever)
 * @param restoreConcurrency how many copies of one clone request are restored at once
 */
public record ContainerOptions(Map<String, String> templateImages, String defaultImage, Duration callTimeout, Duration criuTimeout,
                            int restoreConcurrency) {
    public static final String BASE_IMAGE = "sandbox-emulator/base:latest";
    public static final String MINIMAL_IMAGE = "sandbox-emulator/minimal:latest";
    /** Overrides and additions, as {@code template=image,template=image}. */
    public static final String TEMPLATE_IMAGES_ENV = "SANDBOX_EMULATOR_TEMPLATE_IMAGES";
    /**
     * Measured with bench/run.sh on 2 cores (docs/container-backends.md): four copies of an idle
     * parent restored four at a time took 0.60–0.65x of one at a time on docker (two at a time:
     * 0.70–0.71x), 0.50–0.54x on podman (0.63–0.65x).
     */
    static final int DEFAULT_RESTORE_CONCURRENCY = 4;

    public ContainerOptions {
        templateImages = Map.copyOf(templateImages);
        Objects.requireNonNull(defaultImage, "defaultImage");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(criuTimeout, "criuTimeout");
        if (restoreConcurrency < 1) {
            throw new IllegalArgumentException("restoreConcurrency must be at least 1, was " + restoreConcurrency);
        }
    }

    /** {@code base} and {@code minimal} as setup-docker.sh builds them, then the environment's and {@code overrides}. */
    public static ContainerOptions defaults(Map<String, String> overrides) {
        Map<String, String> images = new LinkedHashMap<>();
        images.put("base", BASE_IMAGE);
        images.put("minimal", MINIMAL_IMAGE);
        images.putAll(parse(System.getenv(TEMPLATE_IMAGES_ENV)));
        images.putAll(overrides);
        return new ContainerOptions(images, images.get("base"), Duration.ofSeconds(120), Duration.ofSeconds(60),
                DEFAULT_RESTORE_CONCURRENCY);
    }

    /** These options with another limit on checkpoint and restore. */
    public ContainerOptions withCriuTimeout(Duration timeout) {
        return new ContainerOptions(templateImages, defaultImage, callTimeout, timeout, restoreConcurrency);
    }

    /** These options with another number of copies restored at once. */
    public ContainerOptions withRestoreConcurrency(int copies) {
        return new ContainerOptions(templateImages, defaultImage, callTimeout, criuTimeout, copies);
    }

    /** A snapshot at least this large restores no more copies at once than there are cores. */
    static final long LARGE_SNAPSHOT_BYTES = 64L * 1024 * 1024;

    /**
     * How many copies of a snapshot of {@code snapshotBytes} to restore at once on {@code cores}
     * cores: {@link #restoreConcurrency}, but no more than the cores for a large snapshot, whose
     * restores are bound by CPU and memory bandwidth rather than by waiting. Measured on 2 cores
     * (podman): four copies of a parent holding 256 MiB took 2.8–3.0 s two at a time and 3.4–3.7 s
     * four at a time, while four copies of an idle parent were fastest four at a time.
     */
    public int restoreConcurrencyFor(long snapshotBytes, int cores) {
        return snapshotBytes >= LARGE_SNAPSHOT_BYTES ? Math.max(1, Math.min(restoreConcurrency, cores)) : restoreConcurrency;
    }

    /** The image for a template (ignoring its {@code :tag}). */
    public String imageFor(String templateId) {
        String image = templateImages.get(templateId);
        if (image == null) {
            int colon = templateId.indexOf(':');
            image = templateImages.get(colon < 0 ? templateId : templateId.substring(0, colon));
        }
        return image == null ? defaultImage : image;
    }

    static Map<String, String> parse(String spec) {
        Map<String, String> images = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return images;
        }
        for (String pair : spec.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || equals == pair.length() - 1) {
                throw new IllegalArgumentException(TEMPLATE_IMAGES_ENV + ": expected template=image, got '" + pair.strip() + "'");
            }
            images.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return images;
    }
}
