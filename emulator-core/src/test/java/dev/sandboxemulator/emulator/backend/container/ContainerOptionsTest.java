package dev.sandboxemulator.emulator.backend.container;

import org.junit.jupiter.api.Test;

import java.util.Map;

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
}
