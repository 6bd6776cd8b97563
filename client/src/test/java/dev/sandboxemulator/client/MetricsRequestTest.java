package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsRequestTest {
    private static final Instant NOON = Instant.parse("2026-01-02T12:00:00Z");

    @Test
    void anEmptyBuilderBuildsTheRequestForEverySample() {
        assertThat(MetricsRequest.builder().build()).isEqualTo(MetricsRequest.ALL);
        assertThat(MetricsRequest.ALL.start()).isEmpty();
        assertThat(MetricsRequest.ALL.end()).isEmpty();
    }

    @Test
    void eitherEndMayBeLeftOpen() {
        assertThat(MetricsRequest.builder().start(NOON).build())
                .isEqualTo(new MetricsRequest(Optional.of(NOON), Optional.empty()));
        assertThat(MetricsRequest.builder().end(NOON).build())
                .isEqualTo(new MetricsRequest(Optional.empty(), Optional.of(NOON)));
    }

    @Test
    void aRangeOfOneInstantIsAllowed() {
        assertThat(MetricsRequest.builder().start(NOON).end(NOON).build().end()).contains(NOON);
    }

    @Test
    void anEndBeforeTheStartIsRejectedWithBothInTheMessage() {
        assertThatThrownBy(() -> MetricsRequest.builder().start(NOON).end(NOON.minusSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("end is before start: start=2026-01-02T12:00:00Z, end=2026-01-02T11:59:59Z");
    }

    @Test
    void newBuilderCopiesTheRangeAndLeavesTheOriginalUnchanged() {
        MetricsRequest original = MetricsRequest.builder().start(NOON).end(NOON.plusSeconds(60)).build();

        MetricsRequest widened = original.newBuilder().end(null).build();

        assertThat(original.newBuilder().build()).isEqualTo(original);
        assertThat(widened).isEqualTo(new MetricsRequest(Optional.of(NOON), Optional.empty()));
        assertThat(original.end()).contains(NOON.plusSeconds(60));
    }

    @Test
    void nullOptionalsAreRejected() {
        assertThatThrownBy(() -> new MetricsRequest(Optional.empty(), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("end == null");
    }
}
