package dev.sandboxemulator.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatsAndUnitsTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleSampleAndOfAnEvenCountTheMeanOfTheTwoMiddleOnes() {
        assertThat(Stats.of(List.of(9.0, 1.0, 5.0))).isEqualTo(new Stats(3, 5.0, 1.0, 9.0));
        assertThat(Stats.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void percentilesAreTheNearestRank() {
        List<Double> hundred = new java.util.ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            hundred.add((double) i);
        }
        assertThat(Stats.percentile(hundred, 0.50)).isEqualTo(50.0);
        assertThat(Stats.percentile(hundred, 0.99)).isEqualTo(99.0);
        assertThat(Stats.percentile(List.of(7.0), 0.99)).isEqualTo(7.0);
    }

    @Test
    void millisecondsReadAsMicrosecondsMillisecondsOrSecondsWhicheverFits() {
        assertThat(Unit.MILLIS.format(0.00795)).isEqualTo("7.95 µs");
        assertThat(Unit.MILLIS.format(0.609)).isEqualTo("609 µs");
        assertThat(Unit.MILLIS.format(4405)).isEqualTo("4405 ms");
        assertThat(Unit.MILLIS.format(18_400)).isEqualTo("18.4 s");
    }

    @Test
    void bytesReadInBinaryUnitsAndRatesPerSecond() {
        assertThat(Unit.BYTES.format(959)).isEqualTo("959 B");
        assertThat(Unit.BYTES.format(1731)).isEqualTo("1.69 KiB");
        assertThat(Unit.BYTES.format(64 * 1024 * 1024 + 4600)).isEqualTo("64.0 MiB");
        assertThat(Unit.PER_SECOND.format(4806.4)).isEqualTo("4806/s");
        assertThat(Unit.PER_SECOND.higherIsBetter()).isTrue();
    }
}
