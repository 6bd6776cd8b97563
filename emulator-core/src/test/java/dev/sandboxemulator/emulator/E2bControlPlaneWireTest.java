package dev.sandboxemulator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The E2B dialect's control plane (the e2b SDK 2.51 and earlier), served on the same port as
 * Novita's, over real HTTP with hand-made requests: the union of both dialects' routes and bodies.
 */
@ExtendWith(NoEmulatorErrorsExtension.class)
class E2bControlPlaneWireTest {

    private final SandboxEmulator emulator = SandboxEmulator.builder().manualClock().runningQuota(5).start();
    private final RawHttp http = new RawHttp(emulator.apiUrl());

    @AfterEach
    void close() {
        emulator.close();
    }

    private static void assertError(RawHttp.Response response, int status, String messagePart) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).contains(messagePart);
    }

    private int sandboxCount() {
        return http.get("/v2/sandboxes").json().size();
    }

    private String createV2(String json) {
        RawHttp.Response response = http.post("/v2/sandboxes", json);
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json().get("sandboxID").asText();
    }

    @Nested
    class CreateV2 {
        @Test
        void answers201WithAnAccessTokenANullDomainAndEnvd057() {
            RawHttp.Response response = http.post("/v2/sandboxes", "{\"templateID\":\"base\"}");

            assertThat(response.status()).isEqualTo(201);
            JsonNode body = response.json();
            assertThat(body.get("sandboxID").asText()).matches("i[a-z0-9]{20}");
            assertThat(body.get("envdAccessToken").asText()).as("always secure").isNotEmpty();
            assertThat(body.get("envdVersion").asText()).isEqualTo("0.5.7");
            assertThat(body.has("domain")).isTrue();
            assertThat(body.get("domain").isNull()).isTrue();
        }

        @Test
        void withoutATimeoutTheSandboxLives300Seconds() {
            Instant start = emulator.clock().instant();
            String id = createV2("{\"templateID\":\"base\"}");

            JsonNode detail = http.get("/sandboxes/" + id).json();

            assertThat(Instant.parse(detail.get("endAt").asText())).isEqualTo(start.plusSeconds(300));
        }

        @Test
        void acceptsEveryFieldOfNewSandboxV2() {
            String id = createV2("{\"templateID\":\"base\",\"metadata\":{\"k\":\"v\"},\"envVars\":{\"E\":\"1\"},\"timeout\":60,"
                    + "\"allow_internet_access\":false,\"network\":{\"allowOut\":[\"1.1.1.1\"],\"denyOut\":[\"0.0.0.0/0\"],"
                    + "\"rules\":[{\"host\":\"example.com\"}],\"egressProxy\":{\"url\":\"http://proxy\"}},"
                    + "\"autoPause\":true,\"autoPauseMemory\":true,\"autoResume\":{\"enabled\":true},"
                    + "\"mcp\":{\"x\":{}},\"iam\":{\"role\":\"r\"},\"volumeMounts\":[{\"name\":\"v\",\"path\":\"/mnt/v\"}]}");

            JsonNode detail = http.get("/sandboxes/" + id).json();

            assertThat(detail.get("metadata").get("k").asText()).isEqualTo("v");
            assertThat(detail.get("allowInternetAccess").asBoolean()).isFalse();
            assertThat(detail.get("lifecycle").get("onTimeout").asText()).isEqualTo("pause");
            assertThat(detail.get("lifecycle").get("autoResume").asBoolean()).isTrue();
            assertThat(detail.get("network").get("allowOut").get(0).asText()).isEqualTo("1.1.1.1");
            assertThat(detail.get("network").get("denyOut").get(0).asText()).isEqualTo("0.0.0.0/0");
            assertThat(detail.get("network").get("rules").get(0).get("host").asText()).isEqualTo("example.com");
            assertThat(detail.get("network").get("egressProxy").get("url").asText()).isEqualTo("http://proxy");
        }

        @Test
        void theV1CreateAcceptsTheUnionOfBothDialectsFields() {
            RawHttp.Response response = http.post("/sandboxes", "{\"templateID\":\"base\",\"secure\":true,\"nodeID\":\"n1\","
                    + "\"secrets\":{\"S\":\"s\"},\"autoPause\":false,\"autoPauseMemory\":true,\"iam\":{},\"mcp\":{},"
                    + "\"network\":{\"allowOut\":[],\"denyOut\":[],\"allowPublicTraffic\":true,\"maskRequestHost\":\"${PORT}-x\","
                    + "\"rules\":[],\"egressProxy\":\"http://proxy\"}}");

            assertThat(response.status()).as("%s", response).isEqualTo(201);
            assertThat(response.json().get("domain").isNull()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"/sandboxes", "/v2/sandboxes"})
        void autoPauseMemoryFalseIsRefusedAndMakesNothing(String path) {
            RawHttp.Response response = http.post(path, "{\"templateID\":\"base\",\"autoPause\":true,\"autoPauseMemory\":false}");

            assertError(response, 400, "not emulated");
            assertThat(sandboxCount()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"templateID\":\"\"}", "{\"templateID\":\"base\",\"timeout\":\"300\"}",
                "{\"templateID\":\"base\",\"network\":{\"allowOut\":\"1.1.1.1\"}}",
                "{\"templateID\":\"base\",\"network\":{\"allowOut\":[1]}}",
                "{\"templateID\":\"base\",\"network\":{\"rules\":{}}}",
                "{\"templateID\":\"base\",\"network\":{\"egressProxy\":5}}",
                "{\"templateID\":\"base\",\"autoPauseMemory\":\"no\"}", "[]", "not json"})
        void aBadBodyIsA400AndMakesNothing(String body) {
            assertError(http.post("/v2/sandboxes", body), 400, "");
            assertThat(sandboxCount()).isZero();
        }

        @Test
        void anEmptyBodyIsA400() {
            assertError(http.send("POST", "/v2/sandboxes", null), 400, "templateID");
        }
    }

    @Nested
    class ConnectV2 {
        @Test
        void withoutABodyARunningSandboxAnswers200AndLivesAtLeast300SecondsMore() {
            Instant start = emulator.clock().instant();
            String id = createV2("{\"templateID\":\"base\",\"timeout\":10}");

            RawHttp.Response response = http.send("POST", "/v2/sandboxes/" + id + "/connect", null);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("sandboxID").asText()).isEqualTo(id);
            assertThat(response.json().get("envdAccessToken").asText()).isNotEmpty();
            assertThat(response.json().get("domain").isNull()).isTrue();
            assertThat(Instant.parse(http.get("/sandboxes/" + id).json().get("endAt").asText())).isEqualTo(start.plusSeconds(300));
        }

        @Test
        void anEmptyObjectOnlyExtendsTheTimeoutNeverShortensIt() {
            Instant start = emulator.clock().instant();
            String id = createV2("{\"templateID\":\"base\",\"timeout\":1000}");

            assertThat(http.post("/v2/sandboxes/" + id + "/connect", "{}").status()).isEqualTo(200);

            assertThat(Instant.parse(http.get("/sandboxes/" + id).json().get("endAt").asText())).isEqualTo(start.plusSeconds(1000));
        }

        @Test
        void aPausedSandboxIsResumedWith201AndTheGivenTimeout() {
            String id = createV2("{\"templateID\":\"base\"}");
            assertThat(http.post("/sandboxes/" + id + "/pause", "{}").status()).isEqualTo(204);
            emulator.manualClock().advance(Duration.ofSeconds(30));
            Instant resumedAt = emulator.clock().instant();

            RawHttp.Response response = http.post("/v2/sandboxes/" + id + "/connect", "{\"timeout\":60}");

            assertThat(response.status()).isEqualTo(201);
            JsonNode detail = http.get("/sandboxes/" + id).json();
            assertThat(detail.get("state").asText()).isEqualTo("running");
            assertThat(Instant.parse(detail.get("endAt").asText())).isEqualTo(resumedAt.plusSeconds(60));
        }

        @Test
        void memoryTrueIsAcceptedOnBothConnectRoutes() {
            String id = createV2("{\"templateID\":\"base\"}");

            assertThat(http.post("/v2/sandboxes/" + id + "/connect", "{\"memory\":true}").status()).isEqualTo(200);
            assertThat(http.post("/sandboxes/" + id + "/connect", "{\"timeout\":60,\"memory\":true}").status()).isEqualTo(200);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/v2/sandboxes/%s/connect", "/sandboxes/%s/connect"})
        void memoryFalseIsRefusedAndLeavesThePausedSandboxPaused(String route) {
            String id = createV2("{\"templateID\":\"base\"}");
            http.post("/sandboxes/" + id + "/pause", null);

            assertError(http.post(String.format(route, id), "{\"timeout\":60,\"memory\":false}"), 400, "not emulated");

            assertThat(http.get("/sandboxes/" + id).json().get("state").asText()).isEqualTo("paused");
        }

        @Test
        void theV1ConnectStillRequiresATimeout() {
            String id = createV2("{\"templateID\":\"base\"}");

            assertError(http.post("/sandboxes/" + id + "/connect", "{}"), 400, "timeout is required");
        }

        @Test
        void anUnknownSandboxIsA404WithTheCodeInTheBody() {
            assertError(http.post("/v2/sandboxes/iunknown0000000000000/connect", "{}"), 404, "not found");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"timeout\":\"60\"}", "{\"memory\":\"false\"}", "{\"timeout\":-1}", "[]", "nope"})
        void aBadBodyIsA400(String body) {
            String id = createV2("{\"templateID\":\"base\"}");

            assertError(http.post("/v2/sandboxes/" + id + "/connect", body), 400, "");
        }
    }

    @Nested
    class Pause {
        @ParameterizedTest
        @ValueSource(strings = {"", "{}", "{\"memory\":true}"})
        void acceptsNoBodyAnEmptyObjectOrMemoryTrue(String body) {
            String id = createV2("{\"templateID\":\"base\"}");

            RawHttp.Response response = http.post("/sandboxes/" + id + "/pause", body.isEmpty() ? null : body);

            assertThat(response.status()).as("%s", response).isEqualTo(204);
            assertThat(http.get("/sandboxes/" + id).json().get("state").asText()).isEqualTo("paused");
        }

        @Test
        void memoryFalseIsRefusedAndTheSandboxRunsOn() {
            String id = createV2("{\"templateID\":\"base\"}");

            assertError(http.post("/sandboxes/" + id + "/pause", "{\"memory\":false}"), 400, "not emulated");

            assertThat(http.get("/sandboxes/" + id).json().get("state").asText()).isEqualTo("running");
        }

        @Test
        void aMistypedMemoryIsA400() {
            String id = createV2("{\"templateID\":\"base\"}");

            assertError(http.post("/sandboxes/" + id + "/pause", "{\"memory\":\"no\"}"), 400, "");
        }
    }

    @Nested
    class ListV2 {
        private List<String> ids(String query) {
            RawHttp.Response response = http.get("/v2/sandboxes" + query);
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            response.json().forEach(entry -> ids.add(entry.get("sandboxID").asText()));
            return ids;
        }

        @Test
        void orderSortsByStartTime() {
            String first = createV2("{\"templateID\":\"base\"}");
            emulator.manualClock().advance(Duration.ofSeconds(1));
            String second = createV2("{\"templateID\":\"base\"}");
            emulator.manualClock().advance(Duration.ofSeconds(1));
            String third = createV2("{\"templateID\":\"base\"}");

            assertThat(ids("?order=asc")).containsExactly(first, second, third);
            assertThat(ids("?order=desc")).containsExactly(third, second, first);
            assertThat(ids("")).as("oldest first by default").containsExactly(first, second, third);
        }

        @Test
        void descendingPagesFollowOneAnother() {
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                created.add(createV2("{\"templateID\":\"base\"}"));
                emulator.manualClock().advance(Duration.ofSeconds(1));
            }
            List<String> seen = new ArrayList<>();
            String token = null;
            do {
                RawHttp.Response page = http.get("/v2/sandboxes?order=desc&limit=2" + (token == null ? "" : "&nextToken=" + token));
                page.json().forEach(entry -> seen.add(entry.get("sandboxID").asText()));
                token = page.header("X-Next-Token").orElse(null);
            } while (token != null);

            assertThat(seen).containsExactly(created.get(4), created.get(3), created.get(2), created.get(1), created.get(0));
        }

        @Test
        void startedAfterKeepsSandboxesStartedAtOrAfterIt() {
            String early = createV2("{\"templateID\":\"base\"}");
            Instant cut = emulator.clock().instant();
            emulator.manualClock().advance(Duration.ofSeconds(5));
            String late = createV2("{\"templateID\":\"base\"}");

            assertThat(ids("?startedAfter=" + cut)).as("the SDK and CLI say: started at or after").containsExactly(early, late);
            assertThat(ids("?startedAfter=" + cut.plusMillis(1))).containsExactly(late);
            assertThat(ids("?startedAfter=" + URLEncoder.encode(cut.minusSeconds(1).atOffset(java.time.ZoneOffset.ofHours(2)).toString(),
                    StandardCharsets.UTF_8))).containsExactly(early, late);
        }

        @Test
        void templateMatchesTheIdOrItsNameWithoutATag() {
            String base = createV2("{\"templateID\":\"base\"}");
            String tagged = createV2("{\"templateID\":\"python:v2\"}");
            String other = createV2("{\"templateID\":\"node\"}");

            assertThat(ids("?template=base")).containsExactly(base);
            assertThat(ids("?template=python")).containsExactly(tagged);
            assertThat(ids("?template=python:v2")).containsExactly(tagged);
            assertThat(ids("?template=python:v1")).isEmpty();
            assertThat(ids("?template=node&state=running")).containsExactly(other);
        }

        @ParameterizedTest
        @ValueSource(strings = {"order=up", "order=", "startedAfter=yesterday", "startedAfter=2026-01-02T03:04:05",
                "startedAfter=1767323045", "template=Bad%20Name", "template="})
        void aBadParameterIsA400(String query) {
            assertError(http.get("/v2/sandboxes?" + query), 400, "");
        }
    }

    @Test
    void metricsSamplesCarryMemCache() {
        String id = createV2("{\"templateID\":\"base\"}");

        JsonNode samples = http.get("/sandboxes/" + id + "/metrics").json();

        assertThat(samples).hasSize(1);
        assertThat(samples.get(0).get("memCache").isNumber()).isTrue();
        assertThat(samples.get(0).get("memCache").asLong()).isZero();
    }

    @Nested
    class UpdateNetwork {
        private RawHttp.Response put(String id, String body) {
            return http.send("PUT", "/sandboxes/" + id + "/network", body);
        }

        @Test
        void setsTheRulesThatTheDetailReports() {
            String id = createV2("{\"templateID\":\"base\"}");
            assertThat(http.get("/sandboxes/" + id).json().has("network")).as("no rules yet").isFalse();

            RawHttp.Response response = put(id, "{\"allowOut\":[\"10.0.0.0/8\"],\"denyOut\":[\"0.0.0.0/0\"],"
                    + "\"rules\":[{\"host\":\"a\"}],\"egressProxy\":{\"url\":\"http://p\"},\"allow_internet_access\":false}");

            assertThat(response.status()).as("%s", response).isEqualTo(204);
            JsonNode detail = http.get("/sandboxes/" + id).json();
            assertThat(detail.get("network").get("allowOut").get(0).asText()).isEqualTo("10.0.0.0/8");
            assertThat(detail.get("network").get("denyOut").get(0).asText()).isEqualTo("0.0.0.0/0");
            assertThat(detail.get("network").get("rules").get(0).get("host").asText()).isEqualTo("a");
            assertThat(detail.get("network").get("egressProxy").get("url").asText()).isEqualTo("http://p");
            assertThat(detail.get("allowInternetAccess").asBoolean()).isFalse();
        }

        @Test
        void replacesTheRulesAsAWholeAndKeepsInternetAccessWhenNotGiven() {
            String id = createV2("{\"templateID\":\"base\"}");
            put(id, "{\"allowOut\":[\"a\"],\"denyOut\":[\"b\"],\"allow_internet_access\":false}");

            assertThat(put(id, "{\"allowOut\":[\"c\"]}").status()).isEqualTo(204);

            JsonNode detail = http.get("/sandboxes/" + id).json();
            assertThat(detail.get("network").get("allowOut")).hasSize(1);
            assertThat(detail.get("network").get("allowOut").get(0).asText()).isEqualTo("c");
            assertThat(detail.get("network").get("denyOut")).isEmpty();
            assertThat(detail.get("allowInternetAccess").asBoolean()).isFalse();
        }

        @Test
        void novitasBodyWithoutRulesClearsThem() {
            String id = createV2("{\"templateID\":\"base\"}");
            put(id, "{\"allowOut\":[\"a\"]}");

            assertThat(put(id, "{}").status()).isEqualTo(204);

            assertThat(http.get("/sandboxes/" + id).json().has("network")).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"allowOut\":\"a\"}", "{\"denyOut\":[1]}", "{\"denyOut\":[null]}", "{\"rules\":{}}",
                "{\"rules\":\"r\"}", "{\"egressProxy\":true}", "{\"allow_internet_access\":\"no\"}", "[]", "nope"})
        void aBadBodyIsA400AndChangesNothing(String body) {
            String id = createV2("{\"templateID\":\"base\"}");
            put(id, "{\"allowOut\":[\"kept\"]}");

            assertError(put(id, body), 400, "");

            assertThat(http.get("/sandboxes/" + id).json().get("network").get("allowOut").get(0).asText()).isEqualTo("kept");
        }

        @Test
        void anUnknownSandboxIsA404() {
            assertError(put("iunknown0000000000000", "{}"), 404, "not found");
        }

        @Test
        void clonesInheritTheRules() {
            String id = createV2("{\"templateID\":\"base\"}");
            put(id, "{\"denyOut\":[\"0.0.0.0/0\"]}");

            String copy = http.post("/sandboxes/" + id + "/clone", "{}").json().get("sandboxes").get(0).get("sandboxID").asText();

            assertThat(http.get("/sandboxes/" + copy).json().get("network").get("denyOut").get(0).asText()).isEqualTo("0.0.0.0/0");
        }
    }

    @Nested
    class Snapshots {
        private JsonNode snapshot(String id, String body) {
            RawHttp.Response response = http.post("/sandboxes/" + id + "/snapshots", body);
            assertThat(response.status()).as("%s", response).isEqualTo(201);
            return response.json();
        }

        private List<String> listed(String query) {
            List<String> ids = new ArrayList<>();
            http.get("/snapshots" + query).json().forEach(entry -> ids.add(entry.get("snapshotID").asText()));
            return ids;
        }

        @Test
        void withoutANameTheSnapshotIsNamedByItsId() {
            String id = createV2("{\"templateID\":\"base\"}");

            JsonNode made = snapshot(id, "{}");

            assertThat(made.get("names")).hasSize(1);
            assertThat(made.get("names").get(0).asText()).isEqualTo(made.get("snapshotID").asText());
        }

        @Test
        void aNameBecomesTheSnapshotsNameAndStartsSandboxes() {
            String id = createV2("{\"templateID\":\"base\"}");
            emulator.fileSystem(id).write("/home/user/f.txt", "one".getBytes(StandardCharsets.UTF_8));

            JsonNode made = snapshot(id, "{\"name\":\"my-snap\"}");

            assertThat(made.get("names").get(0).asText()).isEqualTo("my-snap");
            String started = createV2("{\"templateID\":\"my-snap\"}");
            assertThat(new String(emulator.fileSystem(started).read("/home/user/f.txt"), StandardCharsets.UTF_8)).isEqualTo("one");
        }

        @Test
        void aNameInUseMakesANewBuildOfThatSnapshotUnderTheSameId() {
            String id = createV2("{\"templateID\":\"base\"}");
            emulator.fileSystem(id).write("/home/user/f.txt", "one".getBytes(StandardCharsets.UTF_8));
            String first = snapshot(id, "{\"name\":\"my-snap\"}").get("snapshotID").asText();
            emulator.fileSystem(id).write("/home/user/f.txt", "two".getBytes(StandardCharsets.UTF_8));

            String second = snapshot(id, "{\"name\":\"my-snap\"}").get("snapshotID").asText();

            assertThat(second).isEqualTo(first);
            assertThat(listed("")).containsExactly(first);
            String started = createV2("{\"templateID\":\"my-snap\"}");
            assertThat(new String(emulator.fileSystem(started).read("/home/user/f.txt"), StandardCharsets.UTF_8)).isEqualTo("two");
        }

        @Test
        void theListFiltersByNameIdOrNameWithoutItsTag() {
            String id = createV2("{\"templateID\":\"base\"}");
            String plain = snapshot(id, "{\"name\":\"plain\"}").get("snapshotID").asText();
            String tagged = snapshot(id, "{\"name\":\"tagged:v1\"}").get("snapshotID").asText();
            String unnamed = snapshot(id, "{}").get("snapshotID").asText();

            assertThat(listed("?name=plain")).containsExactly(plain);
            assertThat(listed("?name=tagged")).containsExactly(tagged);
            assertThat(listed("?name=tagged:v1")).containsExactly(tagged);
            assertThat(listed("?name=tagged:v2")).isEmpty();
            assertThat(listed("?name=" + unnamed)).containsExactly(unnamed);
            assertThat(listed("?name=" + plain + "&sandboxID=" + id)).containsExactly(plain);
            assertThat(listed("")).containsExactly(plain, tagged, unnamed);
        }

        @Test
        void aNameIsTheTeamsOwnSoAnotherTeamsSameNameMakesASnapshotOfItsOwn() {
            try (SandboxTenant other = emulator.newTenant(TenantOptions.defaults())) {
                RawHttp otherHttp = http.withApiKey(other.apiKey());
                String mine = snapshot(createV2("{\"templateID\":\"base\"}"), "{\"name\":\"shared\"}").get("snapshotID").asText();
                String theirSandbox = otherHttp.createSandbox("");

                String theirs = otherHttp.post("/sandboxes/" + theirSandbox + "/snapshots", "{\"name\":\"shared\"}")
                        .json().get("snapshotID").asText();

                assertThat(theirs).isNotEqualTo(mine);
                assertThat(listed("?name=shared")).containsExactly(mine);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"name\":\"Bad Name\"}", "{\"name\":\"\"}", "{\"name\":5}", "[]"})
        void aBadNameIsA400AndMakesNothing(String body) {
            String id = createV2("{\"templateID\":\"base\"}");

            assertError(http.post("/sandboxes/" + id + "/snapshots", body), 400, "");

            assertThat(listed("")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sandboxes", "/v2/sandboxes"})
    void aQuota429CarriesNoRetryAfterSoTheE2bSdkDoesNotRetryIt(String path) {
        for (int i = 0; i < 5; i++) {
            createV2("{\"templateID\":\"base\"}");
        }

        RawHttp.Response response = http.post(path, "{\"templateID\":\"base\"}");

        assertError(response, 429, "");
        assertThat(response.header("Retry-After")).isEmpty();
    }

    @Test
    void aResume429CarriesNoRetryAfterEither() {
        String paused = createV2("{\"templateID\":\"base\"}");
        http.post("/sandboxes/" + paused + "/pause", null);
        for (int i = 0; i < 5; i++) {
            createV2("{\"templateID\":\"base\"}");
        }

        RawHttp.Response response = http.post("/v2/sandboxes/" + paused + "/connect", "{}");

        assertError(response, 429, "");
        assertThat(response.header("Retry-After")).isEmpty();
    }
}
