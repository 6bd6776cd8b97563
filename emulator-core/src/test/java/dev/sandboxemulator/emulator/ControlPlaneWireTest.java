package dev.sandboxemulator.emulator;

import org.junit.jupiter.api.extension.ExtendWith;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control plane's wire format, byte for byte where the SDK cares, over real HTTP with
 * hand-made requests (including ones no SDK would send).
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class ControlPlaneWireTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().runningQuota(5).start();
    private final RawHttp http = new RawHttp(emulator.apiUrl());

    @AfterEach
    void close() {
        emulator.close();
    }

    @Test
    void createAnswers201WithTheSandboxSchemaAndAnIdOfNovitasShape() {
        RawHttp.Response response = http.post("/sandboxes",
                "{\"templateID\":\"base\",\"metadata\":{\"k\":\"v\"},\"envVars\":{\"E\":\"1\"},\"timeout\":121,"
                        + "\"secure\":true,\"allow_internet_access\":true,\"autoPause\":false}");

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("sandboxID").asText()).matches("i[a-z0-9]{20}");
        assertThat(body.get("templateID").asText()).isEqualTo("base");
        assertThat(body.get("clientID").asText()).isNotEmpty();
        assertThat(body.get("envdVersion").asText()).isEqualTo("0.5.7");
        assertThat(body.get("envdAccessToken").asText()).isNotEmpty();
        assertThat(body.has("domain")).as("domain is sent").isTrue();
        assertThat(body.get("domain").isNull()).as("a null domain, so the SDK keeps its own").isTrue();
    }

    @Test
    void anInsecureSandboxHasNoAccessToken() {
        JsonNode body = http.post("/sandboxes", "{\"templateID\":\"base\",\"secure\":false}").json();

        assertThat(body.has("envdAccessToken")).isFalse();
    }

    @Test
    void getAnswersTheDetailWithRfc3339TimesAndTheLifecycle() {
        Instant start = emulator.clock().instant();
        String id = http.createSandbox("\"timeout\":121,\"metadata\":{\"k\":\"v\"},\"autoPause\":true,\"autoResume\":{\"enabled\":true}");

        JsonNode detail = http.get("/sandboxes/" + id).json();

        assertThat(detail.get("state").asText()).isEqualTo("running");
        assertThat(Instant.parse(detail.get("startedAt").asText())).isEqualTo(start);
        assertThat(Instant.parse(detail.get("endAt").asText())).isEqualTo(start.plusSeconds(121));
        assertThat(detail.get("metadata").get("k").asText()).isEqualTo("v");
        assertThat(detail.get("lifecycle").get("onTimeout").asText()).isEqualTo("pause");
        assertThat(detail.get("lifecycle").get("autoResume").asBoolean()).isTrue();
        assertThat(detail.get("cpuCount").asInt()).isPositive();
        assertThat(detail.get("memoryMB").asInt()).isPositive();
        assertThat(detail.get("diskSizeMB").asInt()).isPositive();
    }

    @Test
    void idsWithAClientIdSuffixNameTheSameSandbox() {
        String id = http.createSandbox("");

        assertThat(http.get("/sandboxes/" + id + "-1a2b3c4d").json().get("sandboxID").asText()).isEqualTo(id);
        assertThat(http.delete("/sandboxes/" + id + "-whatever").status()).isEqualTo(204);
    }

    @Test
    void quotaIsRoutedBeforeTheSandboxIdRoute() {
        http.createSandbox("");

        JsonNode quota = http.get("/sandboxes/quota").json();

        assertThat(quota.get("limit").get("concurrentInstances").asInt()).isEqualTo(5);
        assertThat(quota.get("usage").get("concurrentInstances").asInt()).isEqualTo(1);
    }

    @Test
    void killAnswers204WithNoBodyAndThenTheSandboxIsGoneEverywhere() {
        String id = http.createSandbox("");

        RawHttp.Response kill = http.delete("/sandboxes/" + id);

        assertThat(kill.status()).isEqualTo(204);
        assertThat(kill.body()).isEmpty();
        for (RawHttp.Response response : List.of(http.get("/sandboxes/" + id), http.delete("/sandboxes/" + id),
                http.post("/sandboxes/" + id + "/timeout", "{\"timeout\":10}"), http.post("/sandboxes/" + id + "/pause", null),
                http.post("/sandboxes/" + id + "/connect", "{\"timeout\":10}"), http.post("/sandboxes/" + id + "/clone", "{}"),
                http.get("/sandboxes/" + id + "/metrics"))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.json().get("code").asInt()).isEqualTo(404);
            assertThat(response.json().get("message").asText()).contains(id);
        }
    }

    @Test
    void connectAnswers200ForARunningSandboxAnd201WhenItResumesAPausedOne() {
        String id = http.createSandbox("");

        assertThat(http.post("/sandboxes/" + id + "/connect", "{\"timeout\":300}").status()).isEqualTo(200);
        assertThat(http.post("/sandboxes/" + id + "/pause", null).status()).isEqualTo(204);
        assertThat(http.post("/sandboxes/" + id + "/pause", null).status()).isEqualTo(409);
        assertThat(http.post("/sandboxes/" + id + "/connect", "{\"timeout\":300}").status()).isEqualTo(201);
        assertThat(http.get("/sandboxes/" + id).json().get("state").asText()).isEqualTo("running");
    }

    @Test
    void theConflictOfPausingAPausedSandboxCarriesCode409InTheBody() {
        String id = http.createSandbox("");
        http.post("/sandboxes/" + id + "/pause", null);

        RawHttp.Response again = http.post("/sandboxes/" + id + "/pause", null);

        assertThat(again.json().get("code").asInt()).isEqualTo(409);
    }

    @Test
    void cloneAnswersTheCopiesWithoutClientIdsSoTheSdkKeepsTheirIdsPlain() {
        String id = http.createSandbox("");

        RawHttp.Response response = http.post("/sandboxes/" + id + "/clone", "{\"count\":2,\"strict\":false}");

        assertThat(response.status()).isEqualTo(201);
        JsonNode sandboxes = response.json().get("sandboxes");
        assertThat(sandboxes).hasSize(2);
        for (JsonNode clone : sandboxes) {
            assertThat(clone.get("sandboxID").asText()).matches("i[a-z0-9]{20}");
            assertThat(clone.has("clientID")).isFalse();
            assertThat(clone.get("envdVersion").asText()).isEqualTo("0.5.7");
        }
        assertThat(response.json().get("snapshotTemplateId").asText()).isNotEmpty();
    }

    @Test
    void metricsAnswerOneReadingForARunningSandboxAndNoneOutsideTheAskedWindow() {
        String id = http.createSandbox("");
        long now = emulator.clock().instant().getEpochSecond();

        JsonNode metrics = http.get("/sandboxes/" + id + "/metrics").json();
        JsonNode past = http.get("/sandboxes/" + id + "/metrics?start=" + (now - 100) + "&end=" + (now - 50)).json();

        assertThat(metrics).hasSize(1);
        assertThat(metrics.get(0).get("timestampUnix").asLong()).isEqualTo(now);
        assertThat(metrics.get(0).get("memTotal").asLong()).isPositive();
        assertThat(past).isEmpty();
    }

    @Nested
    class Listing {

        @Test
        void theMetadataFilterDecodesTheSdksTripleEncoding() {
            String match = http.createSandbox("\"metadata\":{\"a b\":\"c&d\"}");
            http.createSandbox("\"metadata\":{\"a b\":\"other\"}");

            // Captured from novita-sandbox 2.1.1 for { 'a b': 'c&d' } (docs/wire-api.md, "Listing, filters and paging").
            JsonNode listed = http.get("/v2/sandboxes?metadata=a%252520b%3Dc%252526d&state=running,paused&limit=10").json();

            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("sandboxID").asText()).isEqualTo(match);
        }

        @Test
        void aSingleEncodedMetadataFilterWorksToo() {
            String match = http.createSandbox("\"metadata\":{\"env\":\"dev\",\"team\":\"x\"}");
            http.createSandbox("\"metadata\":{\"env\":\"dev\"}");

            JsonNode listed = http.get("/v2/sandboxes?metadata=env%3Ddev%26team%3Dx").json();

            assertThat(listed).extracting(n -> n.get("sandboxID").asText()).containsExactly(match);
        }

        @Test
        void theStateFilterSelectsPausedOrRunning() {
            String running = http.createSandbox("");
            String paused = http.createSandbox("");
            http.post("/sandboxes/" + paused + "/pause", null);

            assertThat(http.get("/v2/sandboxes?state=paused").json()).extracting(n -> n.get("sandboxID").asText())
                    .containsExactly(paused);
            assertThat(http.get("/v2/sandboxes?state=running").json()).extracting(n -> n.get("sandboxID").asText())
                    .containsExactly(running);
            assertThat(http.get("/v2/sandboxes").json()).hasSize(2);
        }

        @Test
        void pagesFollowTheNextTokenHeaderUntilItIsAbsent() {
            Set<String> created = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                created.add(http.createSandbox(""));
            }
            List<String> seen = new ArrayList<>();
            String query = "/v2/sandboxes?limit=2";
            int pages = 0;
            while (query != null) {
                RawHttp.Response page = http.get(query);
                page.json().forEach(n -> seen.add(n.get("sandboxID").asText()));
                pages++;
                query = page.header("X-Next-Token").map(token -> "/v2/sandboxes?limit=2&nextToken=" + token).orElse(null);
            }

            assertThat(pages).isEqualTo(3);
            assertThat(seen).hasSize(5).containsExactlyInAnyOrderElementsOf(created);
        }

        @ParameterizedTest
        @ValueSource(strings = {"limit=0", "limit=abc", "state=sleeping", "nextToken=%21%21", "metadata=novalue"})
        void badQueryParametersAnswer400(String query) {
            RawHttp.Response response = http.get("/v2/sandboxes?" + query);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("code").asInt()).isEqualTo(400);
        }
    }

    @Nested
    class BadInput {

        @ParameterizedTest
        @ValueSource(strings = {
            "{bad json",
            "[]",
            "null",
            "{\"templateID\":\"base\"} trailing",
            "{\"templateID\":7}",
            "{\"templateID\":\"base\",\"timeout\":\"300\"}",
            "{\"templateID\":\"base\",\"timeout\":1.5}",
            "{\"templateID\":\"base\",\"timeout\":-1}",
            "{\"templateID\":\"base\",\"secure\":\"yes\"}",
            "{\"templateID\":\"base\",\"metadata\":{\"k\":1}}",
            "{\"templateID\":\"base\",\"metadata\":[\"k\"]}",
            "{\"templateID\":\"base\",\"envVars\":{\"E\":null}}",
            "{\"templateID\":\"Not A Template!\"}",
            "{\"metadata\":{}}",
            "{\"templateID\":\"base\",\"autoPause\":false,\"autoResume\":{\"enabled\":true}}",
            "{\"templateID\":\"base\",\"timeout\":99999999999999999999}"
        })
        void createAnswers400WithAMessageAndMakesNothing(String body) {
            RawHttp.Response response = http.post("/sandboxes", body);

            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().get("code").asInt()).isEqualTo(400);
            assertThat(response.json().get("message").asText()).isNotBlank();
            assertThat(emulator.sandboxIds()).isEmpty();
        }

        @Test
        void anEmptyCreateBodyIs400() {
            assertThat(http.post("/sandboxes", "").status()).isEqualTo(400);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"count\":0}", "{\"count\":-3}", "{\"count\":\"2\"}", "{\"timeout\":-1}", "{\"strict\":1}"})
        void invalidCloneRequestsAnswer400AndMakeNoClone(String body) {
            String id = http.createSandbox("");

            RawHttp.Response response = http.post("/sandboxes/" + id + "/clone", body);

            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(emulator.sandboxIds()).containsExactly(id);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "{}", "{\"timeout\":-5}", "{\"timeout\":\"5\"}"})
        void invalidTimeoutsAnswer400(String body) {
            String id = http.createSandbox("");

            assertThat(http.post("/sandboxes/" + id + "/timeout", body).status()).isEqualTo(400);
            assertThat(http.post("/sandboxes/" + id + "/connect", body).status()).isEqualTo(400);
        }

        @Test
        void anOversizedBodyAnswers413() {
            String huge = "{\"templateID\":\"base\",\"metadata\":{\"k\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}";

            RawHttp.Response response = http.post("/sandboxes", huge);

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.json().get("code").asInt()).isEqualTo(413);
        }

        @Test
        void anUnknownEndpointAnswers404AndAWrongMethod405BothAsJson() {
            RawHttp.Response unknown = http.get("/nothing/here");
            RawHttp.Response wrongMethod = http.send("PUT", "/sandboxes", "{}");

            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("code").asInt()).isEqualTo(404);
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(wrongMethod.header("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
        }

        @Test
        void unknownFieldsAreIgnoredBecauseSdksSendFieldsTheEmulatorDoesNotModel() {
            RawHttp.Response response = http.post("/sandboxes",
                    "{\"templateID\":\"base\",\"mcp\":{\"x\":1},\"network\":{\"allowOut\":[]},\"nodeID\":\"n1\"}");

            assertThat(response.status()).isEqualTo(201);
        }
    }

    @Nested
    class Authentication {

        @Test
        void aRequestWithoutAnyCredentialIs401() {
            RawHttp.Response response = http.withoutApiKey().get("/v2/sandboxes");

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.json().get("code").asInt()).isEqualTo(401);
            assertThat(response.json().get("message").asText()).contains("X-API-KEY");
        }

        @Test
        void anEmulatorConfiguredWithAKeyAcceptsOnlyThatKey() {
            try (SandboxEmulator strict = SandboxEmulator.builder().apiKey("secret").start()) {
                RawHttp base = new RawHttp(strict.apiUrl());

                assertThat(base.withApiKey("wrong").get("/v2/sandboxes").status()).isEqualTo(401);
                assertThat(base.withApiKey("secret").get("/v2/sandboxes").status()).isEqualTo(200);
            }
        }
    }

    @Nested
    class Timeouts {

        @Test
        void aSandboxIsKilledWhenItsTimeoutExpires() {
            String id = http.createSandbox("\"timeout\":60");

            emulator.manualClock().advance(Duration.ofSeconds(59));
            assertThat(http.get("/sandboxes/" + id).status()).isEqualTo(200);
            emulator.manualClock().advance(Duration.ofSeconds(1));

            assertThat(emulator.sandboxIds()).doesNotContain(id);
            assertThat(http.get("/sandboxes/" + id).status()).isEqualTo(404);
        }

        @Test
        void aSandboxWithAutoPauseIsPausedWhenItsTimeoutExpiresAndKeepsAutoPauseAfterResuming() {
            String id = http.createSandbox("\"timeout\":60,\"autoPause\":true");

            emulator.manualClock().advance(Duration.ofSeconds(60));
            assertThat(http.get("/sandboxes/" + id).json().get("state").asText()).isEqualTo("paused");

            http.post("/sandboxes/" + id + "/connect", "{\"timeout\":30}");
            emulator.manualClock().advance(Duration.ofSeconds(30));
            assertThat(http.get("/sandboxes/" + id).json().get("state").asText()).isEqualTo("paused");
        }

        @Test
        void timeoutsAreCappedAtOneHourUnlessTheSandboxIsLongRunning() {
            Instant now = emulator.clock().instant();
            String normal = http.createSandbox("\"timeout\":86400");
            String longRunning = http.createSandbox("\"timeout\":7200,\"metadata\":{\"long_running\":\"true\"}");

            assertThat(Instant.parse(http.get("/sandboxes/" + normal).json().get("endAt").asText()))
                    .isEqualTo(now.plus(Duration.ofHours(1)));
            assertThat(Instant.parse(http.get("/sandboxes/" + longRunning).json().get("endAt").asText()))
                    .isEqualTo(now.plus(Duration.ofHours(2)));
        }

        @Test
        void setTimeoutCanShortenAndConnectOnlyExtends() {
            Instant now = emulator.clock().instant();
            String id = http.createSandbox("\"timeout\":600");

            http.post("/sandboxes/" + id + "/timeout", "{\"timeout\":100}");
            assertThat(endAt(id)).isEqualTo(now.plusSeconds(100));
            http.post("/sandboxes/" + id + "/connect", "{\"timeout\":50}");
            assertThat(endAt(id)).isEqualTo(now.plusSeconds(100));
            http.post("/sandboxes/" + id + "/connect", "{\"timeout\":500}");
            assertThat(endAt(id)).isEqualTo(now.plusSeconds(500));
        }

        private Instant endAt(String id) {
            return Instant.parse(http.get("/sandboxes/" + id).json().get("endAt").asText());
        }
    }

    @Test
    void creatingBeyondTheRunningQuotaAnswers429WhilePausedSandboxesDoNotCount() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(http.createSandbox(""));
        }

        RawHttp.Response refused = http.post("/sandboxes", "{\"templateID\":\"base\"}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("code").asInt()).isEqualTo(429);
        assertThat(refused.json().get("message").asText()).contains("quota");

        http.post("/sandboxes/" + ids.get(0) + "/pause", null);
        assertThat(http.post("/sandboxes", "{\"templateID\":\"base\"}").status()).isEqualTo(201);
        assertThat(http.post("/sandboxes/" + ids.get(0) + "/connect", "{\"timeout\":60}").status())
                .as("resuming would exceed the quota").isEqualTo(429);
        assertThat(http.get("/sandboxes/" + ids.get(0)).json().get("state").asText()).isEqualTo("paused");
    }
}
