package dev.sandboxemulator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated requests to the control plane, over real HTTP: whatever the body, id or query
 * string, the answer is a success or a 4xx whose body is {@code {"code": <status>, "message": ...}},
 * never a 5xx, and the running quota holds after every request. Seeds are fixed so that a failure
 * repeats; change them to explore.
 */
class ControlPlaneInputPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The body fields the service reads, so that generated bodies reach the validation behind the parser. */
    private static final List<String> FIELDS = List.of("templateID", "timeout", "count", "strict", "metadata", "envVars",
            "secure", "allow_internet_access", "autoPause", "autoResume", "nodeID", "enabled", "name", "memory",
            "autoPauseMemory", "network", "allowOut", "denyOut", "rules", "egressProxy");
    private static final int QUOTA = 20;

    private static SandboxEmulator emulator;
    private static RawHttp http;
    private static EmulatorErrorLog errors;
    private String fixture;

    @BeforeContainer
    static void start() {
        errors = EmulatorErrorLog.start();
        emulator = SandboxEmulator.builder().manualClock().runningQuota(QUOTA).start();
        http = new RawHttp(emulator.apiUrl());
    }

    @AfterContainer
    static void stop() {
        emulator.close();
        errors.stop();
    }

    @BeforeTry
    void createFixture() {
        fixture = http.createSandbox("");
    }

    @AfterTry
    void killEverySandbox() {
        for (JsonNode sandbox : http.get("/v2/sandboxes?state=running,paused&limit=100").json()) {
            http.delete("/sandboxes/" + sandbox.get("sandboxID").asText());
        }
    }

    @AfterProperty
    void theEmulatorLoggedNoError() {
        List<String> logged = errors.stop();
        errors = EmulatorErrorLog.start();
        assertThat(logged).as("errors the emulator logged").isEmpty();
    }

    @Property(tries = 300, seed = "20261202")
    void anyBodyOnAnyRouteIsAnsweredWithASuccessOrAClientError(@ForAll("postRoutes") String route, @ForAll("bodies") String body) {
        RawHttp.Response response = http.post(route.replace("{id}", fixture), body);

        assertAnsweredWithoutServerError(response);
        assertQuotaHolds();
    }

    @Property(tries = 200, seed = "20261203")
    void anyIdIsANotFoundOrAClientError(@ForAll("methodsAndIdRoutes") List<String> methodAndRoute, @ForAll("ids") String id) {
        String path = methodAndRoute.get(1).replace("{id}", URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        RawHttp.Response response = http.send(methodAndRoute.get(0), path, methodAndRoute.get(0).equals("POST") ? "{}" : null);

        assertThat(response.status()).as("%s %s", methodAndRoute.get(0), path).isBetween(400, 499);
        assertErrorBody(response);
    }

    @Property(tries = 200, seed = "20261204")
    void anyQueryStringOnListsAndMetricsIsAnsweredWithASuccessOrAClientError(
            @ForAll("queryRoutes") String route, @ForAll("queries") String query) {
        RawHttp.Response response = http.get(route.replace("{id}", fixture) + "?" + query);

        assertAnsweredWithoutServerError(response);
    }

    @Property(tries = 100, seed = "20261205")
    void anyBodyOnTheNetworkRouteIsAnsweredWithASuccessOrAClientError(@ForAll("bodies") String body) {
        RawHttp.Response response = http.send("PUT", "/sandboxes/" + fixture + "/network", body);

        assertAnsweredWithoutServerError(response);
    }

    private static void assertAnsweredWithoutServerError(RawHttp.Response response) {
        assertThat(response.status()).as("status of %s", response).isBetween(200, 499);
        if (response.status() >= 400) {
            assertErrorBody(response);
        }
    }

    private static void assertErrorBody(RawHttp.Response response) {
        JsonNode body = response.json();
        assertThat(body.get("code").isInt()).as("code of %s", response).isTrue();
        assertThat(body.get("code").asInt()).isEqualTo(response.status());
        assertThat(body.get("message").asText()).as("message of %s", response).isNotBlank();
    }

    private static void assertQuotaHolds() {
        JsonNode quota = http.get("/sandboxes/quota").json();
        int running = quota.get("usage").get("concurrentInstances").asInt();
        assertThat(running).as("running sandboxes").isBetween(0, quota.get("limit").get("concurrentInstances").asInt());
        int listed = http.get("/v2/sandboxes?state=running&limit=100").json().size();
        assertThat(listed).as("listed running sandboxes").isEqualTo(running);
    }

    @Provide
    Arbitrary<String> postRoutes() {
        return Arbitraries.of("/sandboxes", "/v2/sandboxes", "/sandboxes/{id}/timeout", "/sandboxes/{id}/pause",
                "/sandboxes/{id}/connect", "/v2/sandboxes/{id}/connect", "/sandboxes/{id}/clone", "/sandboxes/{id}/snapshots");
    }

    @Provide
    Arbitrary<List<String>> methodsAndIdRoutes() {
        return Arbitraries.of(List.of("GET", "/sandboxes/{id}"), List.of("DELETE", "/sandboxes/{id}"),
                List.of("POST", "/sandboxes/{id}/timeout"), List.of("POST", "/sandboxes/{id}/pause"),
                List.of("POST", "/sandboxes/{id}/connect"), List.of("POST", "/sandboxes/{id}/clone"),
                List.of("GET", "/sandboxes/{id}/metrics"), List.of("POST", "/sandboxes/{id}/snapshots"),
                List.of("DELETE", "/templates/{id}"), List.of("POST", "/v2/sandboxes/{id}/connect"),
                List.of("PUT", "/sandboxes/{id}/network"));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(80),
                Arbitraries.strings().withChars("abcdef0123456789-_.%~").ofMinLength(1).ofMaxLength(40),
                Arbitraries.of(".", "..", "%", "%zz", "i" + "x".repeat(5000), "\u0000", "ü", "😀"))
                .filter(id -> !id.equals("quota")); // GET /sandboxes/quota is a route of its own
    }

    @Provide
    Arbitrary<String> queryRoutes() {
        return Arbitraries.of("/v2/sandboxes", "/sandboxes", "/snapshots", "/sandboxes/{id}/metrics");
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("limit", "state", "metadata", "nextToken", "start", "end",
                        "order", "startedAfter", "template", "name", "sandboxID"),
                Arbitraries.strings().alpha().ofMaxLength(8));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)).map(String::valueOf),
                Arbitraries.of("running", "paused", "running,paused", ",", "", "k=v", "k=v&x", "a%3Db", "1e9", "-0", "NaN",
                        "asc", "desc", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05+02:00", "base", "base:v1"),
                Arbitraries.strings().ofMaxLength(30));
        Arbitrary<String> pair = Combinators.combine(key, value)
                .as((k, v) -> k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        return pair.list().ofMaxSize(4).map(pairs -> String.join("&", pairs));
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, knownFieldObjects().map(ControlPlaneInputPropertiesTest::write)),
                net.jqwik.api.Tuple.of(2, jsonValues(3).map(ControlPlaneInputPropertiesTest::write)),
                net.jqwik.api.Tuple.of(1, knownFieldObjects().map(ControlPlaneInputPropertiesTest::write)
                        .flatMap(json -> Arbitraries.integers().between(0, json.length()).map(cut -> json.substring(0, cut)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    }

    private Arbitrary<JsonNode> knownFieldObjects() {
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().alpha().ofMaxLength(6));
        Arbitrary<List<Object[]>> entries = Combinators.combine(field, jsonValues(2))
                .as((name, value) -> new Object[]{name, value}).list().ofMaxSize(5);
        return entries.map(list -> {
            ObjectNode object = NODES.objectNode();
            for (Object[] entry : list) {
                object.set((String) entry[0], (JsonNode) entry[1]);
            }
            return object;
        });
    }

    /** Any JSON value, nested at most {@code depth} levels, with the numbers and strings that break parsers. */
    private Arbitrary<JsonNode> jsonValues(int depth) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.of(0L, -1L, 1L, 300L, 86_400L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1)
                        .map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-0.5"), new BigDecimal("3.0"),
                        new BigDecimal("99999999999999999999999")).map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20), Arbitraries.of("base", "", "running", "\u0000"))
                        .map(NODES::textNode));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> arrays = jsonValues(depth - 1).list().ofMaxSize(3).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(Arbitraries.oneOf(Arbitraries.of(FIELDS),
                        Arbitraries.strings().ofMaxLength(6)), jsonValues(depth - 1))
                .as((name, value) -> (JsonNode) NODES.objectNode().set(name, value));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalars), net.jqwik.api.Tuple.of(1, arrays),
                net.jqwik.api.Tuple.of(1, objects));
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
