package dev.sandboxemulator.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataQueryEncoderTest {

    @Test
    void spaceAndAmpersandReproduceTheSdkCaptureExactly() {
        assertThat(MetadataQueryEncoder.encode(Map.of("a b", "c&d"))).isEqualTo("a%252520b%3Dc%252526d");
    }

    @Test
    void plainPairIsEncodedOnceVisibly() {
        assertThat(MetadataQueryEncoder.encode(Map.of("env", "dev"))).isEqualTo("env%3Ddev");
    }

    @Test
    void pairsAreJoinedWithAnEncodedAmpersandInIterationOrder() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("b", "2");
        metadata.put("a", "1");

        assertThat(MetadataQueryEncoder.encode(metadata)).isEqualTo("b%3D2%26a%3D1");
    }

    @Test
    void charactersThatOnlyEncodeUriComponentKeepAreEncodedByTheFormStep() {
        // encodeURIComponent keeps !~'() but URLSearchParams escapes them, and the last step escapes the '%'.
        assertThat(MetadataQueryEncoder.encode(Map.of("k", "!~'()"))).isEqualTo("k%3D%2521%257E%2527%2528%2529");
    }

    @Test
    void charactersEveryStepKeepsStayAsTheyAre() {
        assertThat(MetadataQueryEncoder.encode(Map.of("k", "aZ09-_.*"))).isEqualTo("k%3DaZ09-_.*");
    }

    @Test
    void nonAsciiIsEncodedAsUtf8ThreeTimes() {
        // "é" is C3 A9 in UTF-8.
        assertThat(MetadataQueryEncoder.encode(Map.of("k", "é"))).isEqualTo("k%3D%2525C3%2525A9");
    }

    @Test
    void equalsSignInsideAValueSurvivesTheRoundTrip() {
        String encoded = MetadataQueryEncoder.encode(Map.of("a=b", "c=d"));

        String form = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        String[] pair = form.split("=", -1);
        assertThat(pair).hasSize(2);
        assertThat(URLDecoder.decode(URLDecoder.decode(pair[0], StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo("a=b");
        assertThat(URLDecoder.decode(URLDecoder.decode(pair[1], StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo("c=d");
    }

    @Test
    void encodeUriComponentMatchesJavaScript() {
        assertThat(UriEncoding.encodeUriComponent("a b/c?d#e&f=g+h:i@j!~*'()-_.")).isEqualTo(
                "a%20b%2Fc%3Fd%23e%26f%3Dg%2Bh%3Ai%40j!~*'()-_.");
        assertThat(UriEncoding.encodeUriComponent("\uD83D\uDE00")).isEqualTo("%F0%9F%98%80");
    }

    @Test
    void formEncodeMatchesUrlSearchParams() {
        assertThat(UriEncoding.formEncode("a b*-._~!")).isEqualTo("a+b*-._%7E%21");
    }

    @Test
    void unpairedSurrogateIsRejectedLikeJavaScriptUriError() {
        assertThatThrownBy(() -> UriEncoding.encodeUriComponent("\uD83D")).isInstanceOf(IllegalArgumentException.class);
    }
}
