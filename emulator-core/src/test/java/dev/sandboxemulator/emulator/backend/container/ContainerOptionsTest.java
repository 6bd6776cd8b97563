package dev.sandboxemulator.emulator.backend.container;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerOptionsTest {
    private static final long MIB = 1024L * 1024;

    @Test
    void copiesAreRestoredFourAtATimeAsWasMeasuredFastestForSmallSnapshots() {
        assertThat(ContainerOptions.defaults(Map.of()).restoreConcurrency()).isEqualTo(4);
    }

    @Test
    void copiesOfALargeSnapshotAreRestoredNoMoreAtOnceThanThereAreCores() {
        ContainerOptions options = ContainerOptions.defaults(Map.of());

        assertThat(options.restoreConcurrencyFor(3 * MIB, 2)).as("small: as configured").isEqualTo(4);
        assertThat(options.restoreConcurrencyFor(256 * MIB, 2)).as("large, 2 cores").isEqualTo(2);
        assertThat(options.restoreConcurrencyFor(256 * MIB, 16)).as("large, more cores than configured").isEqualTo(4);
        assertThat(options.restoreConcurrencyFor(256 * MIB, 1)).isEqualTo(1);
        assertThat(options.restoreConcurrencyFor(64 * MIB - 1, 1)).as("just under the threshold").isEqualTo(4);
    }

    @Test
    void templatesMapToImagesIgnoringTheirTagAndUnknownOnesToTheBaseImage() {
        ContainerOptions options = ContainerOptions.defaults(Map.of("py", "my/python:3"));

        assertThat(options.imageFor("minimal:latest")).isEqualTo(ContainerOptions.MINIMAL_IMAGE);
        assertThat(options.imageFor("py")).isEqualTo("my/python:3");
        assertThat(options.imageFor("whatever")).isEqualTo(ContainerOptions.BASE_IMAGE);
    }

    @Test
    void aRestoreConcurrencyBelowOneIsRefused() {
        assertThatThrownBy(() -> ContainerOptions.defaults(Map.of()).withRestoreConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void theCriuTimeoutIsSixtySecondsUnlessTheEnvironmentSaysOtherwise() {
        assertThat(ContainerOptions.defaults(Map.of(), name -> null).criuTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ContainerOptions.defaults(Map.of(), Map.of(ContainerOptions.CRIU_TIMEOUT_ENV, "5s")::get).criuTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void durationsAreReadInTheUsualShortFormsAndAsIso() {
        assertThat(ContainerOptions.parseDuration("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(ContainerOptions.parseDuration("2m", "x")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ContainerOptions.parseDuration("90", "x")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ContainerOptions.parseDuration("PT5S", "x")).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> ContainerOptions.parseDuration("soon", ContainerOptions.CRIU_TIMEOUT_ENV))
                .hasMessageContaining(ContainerOptions.CRIU_TIMEOUT_ENV).hasMessageContaining("'soon'");
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironment() {
        System.setProperty(ContainerOptions.CRIU_TIMEOUT_PROPERTY, "7s");
        try {
            assertThat(ContainerOptions.defaults(Map.of(), Map.of(ContainerOptions.CRIU_TIMEOUT_ENV, "5s")::get).criuTimeout())
                    .isEqualTo(Duration.ofSeconds(7));
        } finally {
            System.clearProperty(ContainerOptions.CRIU_TIMEOUT_PROPERTY);
        }
    }

    @Test
    void theStagingFolderIsTheEnginesUnlessConfigured() {
        Path engineRoot = Path.of("/var/lib/docker");
        ContainerOptions standard = ContainerOptions.defaults(Map.of(), name -> null);
        assertThat(standard.stagingRoot()).isEmpty();
        assertThat(standard.stagingRootOr(engineRoot)).isEqualTo(Path.of("/var/lib/docker/sandbox-emulator"));
        ContainerOptions configured = ContainerOptions.defaults(Map.of(), Map.of(ContainerOptions.STAGING_DIR_ENV, "/mnt/fast")::get);
        assertThat(configured.stagingRoot()).isEqualTo(Optional.of(Path.of("/mnt/fast")));
        assertThat(standard.withStagingRoot(Path.of("/mnt/other")).stagingRootOr(engineRoot)).isEqualTo(Path.of("/mnt/other"));
    }
}
