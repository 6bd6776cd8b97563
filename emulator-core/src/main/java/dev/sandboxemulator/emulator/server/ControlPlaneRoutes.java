package dev.sandboxemulator.emulator.server;

import dev.sandboxemulator.emulator.engine.CloneCommand;
import dev.sandboxemulator.emulator.engine.CloneOutcome;
import dev.sandboxemulator.emulator.engine.ConnectCommand;
import dev.sandboxemulator.emulator.engine.ConnectOutcome;
import dev.sandboxemulator.emulator.engine.CreateCommand;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.engine.ForkCommand;
import dev.sandboxemulator.emulator.engine.Lifecycle;
import dev.sandboxemulator.emulator.engine.ListOrder;
import dev.sandboxemulator.emulator.engine.ListQuery;
import dev.sandboxemulator.emulator.engine.MetricSample;
import dev.sandboxemulator.emulator.engine.NetworkConfig;
import dev.sandboxemulator.emulator.engine.Page;
import dev.sandboxemulator.emulator.engine.QuotaView;
import dev.sandboxemulator.emulator.engine.SandboxState;
import dev.sandboxemulator.emulator.engine.SandboxView;
import dev.sandboxemulator.emulator.engine.SnapshotView;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.server.wire.CloneRequestJson;
import dev.sandboxemulator.emulator.server.wire.CloneResponseJson;
import dev.sandboxemulator.emulator.server.wire.ConnectJson;
import dev.sandboxemulator.emulator.server.wire.ErrorJson;
import dev.sandboxemulator.emulator.server.wire.ForkRequestJson;
import dev.sandboxemulator.emulator.server.wire.ForkSlotJson;
import dev.sandboxemulator.emulator.server.wire.MetricJson;
import dev.sandboxemulator.emulator.server.wire.NetworkJson;
import dev.sandboxemulator.emulator.server.wire.NewSandboxJson;
import dev.sandboxemulator.emulator.server.wire.PauseJson;
import dev.sandboxemulator.emulator.server.wire.QuotaJson;
import dev.sandboxemulator.emulator.server.wire.SandboxDetailJson;
import dev.sandboxemulator.emulator.server.wire.SandboxJson;
import dev.sandboxemulator.emulator.server.wire.SnapshotJson;
import dev.sandboxemulator.emulator.server.wire.SnapshotRequestJson;
import dev.sandboxemulator.emulator.server.wire.TimeoutJson;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The control-plane REST API (docs/wire-api.md, "Control plane"): parse, call the engine, render. No rules live
 * here; they are the engine's.
 */
final class ControlPlaneRoutes {

    /** A path segment holding a sandbox id (possibly {@code <id>-<suffix>}). */
    private static final String ID = "/([^/]+)";

    private final Engine engine;

    ControlPlaneRoutes(Engine engine) {
        this.engine = engine;
    }

    void register(Router router) {
        // Fixed paths first: /sandboxes/quota must not be read as the sandbox "quota".
        router.route("GET", "/sandboxes/quota", this::quota)
                .route("POST", "/sandboxes", this::create)
                .route("POST", "/v2/sandboxes", this::create)
                .route("GET", "/v2/sandboxes", this::list)
                .route("GET", "/sandboxes", this::listV1)
                .route("GET", "/snapshots", this::listSnapshots)
                .route("DELETE", "/templates" + ID, this::deleteSnapshot)
                .route("GET", "/sandboxes" + ID, this::get)
                .route("DELETE", "/sandboxes" + ID, this::kill)
                .route("POST", "/sandboxes" + ID + "/timeout", this::setTimeout)
                .route("POST", "/sandboxes" + ID + "/pause", this::pause)
                .route("POST", "/sandboxes" + ID + "/connect", this::connect)
                .route("POST", "/v2/sandboxes" + ID + "/connect", this::connectV2)
                .route("PUT", "/sandboxes" + ID + "/network", this::updateNetwork)
                .route("POST", "/sandboxes" + ID + "/clone", this::clone)
                .route("POST", "/sandboxes" + ID + "/fork", this::fork)
                .route("GET", "/sandboxes" + ID + "/metrics", this::metrics)
                .route("POST", "/sandboxes" + ID + "/snapshots", this::createSnapshot);
    }

    private ApiResponse create(ApiRequest request) throws java.io.IOException {
        if (!request.hasBody()) {
            throw new InvalidRequestException("request body is required: a NewSandbox JSON object with at least 'templateID'");
        }
        NewSandboxJson body = request.bodyAs(NewSandboxJson.class, null);
        if (body.templateID() == null || body.templateID().isEmpty()) {
            throw new InvalidRequestException("templateID is required");
        }
        Lifecycle lifecycle = Lifecycle.asRequested(body.autoPause(), body.autoResume() == null ? null : body.autoResume().enabled());
        // POST /v2/sandboxes has no 'secure' (E2B 2.51 sandboxes are always secure): left out, it defaults to true.
        CreateCommand command = CreateCommand.asRequested(body.templateID(), orEmpty(body.metadata(), "metadata"),
                orEmpty(body.envVars(), "envVars"), body.timeout(), body.secure(), body.allowInternetAccess(), lifecycle,
                network(body.network(), "network"), body.autoPauseMemory());
        return ApiResponse.json(201, sandbox(engine.create(request.tenant(), command)));
    }

    private ApiResponse get(ApiRequest request) {
        return ApiResponse.json(200, detail(engine.get(request.tenant(), request.pathParam(0)), true));
    }

    private ApiResponse list(ApiRequest request) {
        Map<String, String> metadata = MetadataQuery.decode(request.queryValues("metadata"));
        Set<SandboxState> states = EnumSet.noneOf(SandboxState.class);
        for (String value : request.queryValues("state")) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    states.add(SandboxState.fromWire(name.trim()));
                }
            }
        }
        int limit = request.queryParam("limit").map(v -> parseInt(v, "limit")).orElse(ListQuery.DEFAULT_LIMIT);
        Optional<String> token = request.queryParam("nextToken").filter(t -> !t.isEmpty());
        ListOrder order = request.queryParam("order").map(ListOrder::fromWire).orElse(ListOrder.ASC);
        Optional<Instant> startedAfter = request.queryParam("startedAfter").map(v -> rfc3339(v, "startedAfter"));
        Optional<String> template = request.queryParam("template");
        Page<SandboxView> page = engine.list(request.tenant(),
                new ListQuery(metadata, states, limit, token, order, startedAfter, template));
        ApiResponse response = ApiResponse.json(200, page.items().stream().map(v -> detail(v, false)).collect(Collectors.toList()));
        return page.nextToken().map(next -> response.withHeader("X-Next-Token", next)).orElse(response);
    }

    /** The schema-only v1 list: every running sandbox, no paging. */
    private ApiResponse listV1(ApiRequest request) {
        Map<String, String> metadata = MetadataQuery.decode(request.queryValues("metadata"));
        List<SandboxDetailJson> running = engine.listRunning(request.tenant(), metadata).stream()
                .map(v -> detail(v, false))
                .collect(Collectors.toList());
        return ApiResponse.json(200, running);
    }

    private ApiResponse kill(ApiRequest request) {
        engine.kill(request.tenant(), request.pathParam(0));
        return ApiResponse.noContent();
    }

    private ApiResponse setTimeout(ApiRequest request) throws java.io.IOException {
        TimeoutJson body = request.bodyAs(TimeoutJson.class, new TimeoutJson(null));
        if (body.timeout() == null) {
            throw new InvalidRequestException("timeout is required: {\"timeout\": <seconds>}");
        }
        engine.setTimeout(request.tenant(), request.pathParam(0), body.timeout());
        return ApiResponse.noContent();
    }

    /** Novita sends no body; E2B sends {@code {}} or {@code {"memory": false}}. */
    private ApiResponse pause(ApiRequest request) throws java.io.IOException {
        PauseJson body = request.bodyAs(PauseJson.class, new PauseJson(null));
        engine.pause(request.tenant(), request.pathParam(0), body.memory());
        return ApiResponse.noContent();
    }

    /** Novita's and E2B's (before 2.51) connect: {@code timeout} is required here, as it always was. */
    private ApiResponse connect(ApiRequest request) throws java.io.IOException {
        ConnectJson body = request.bodyAs(ConnectJson.class, new ConnectJson(null, null));
        if (body.timeout() == null) {
            throw new InvalidRequestException("timeout is required: {\"timeout\": <seconds>}");
        }
        return connected(engine.connect(request.tenant(), request.pathParam(0), ConnectCommand.asRequested(body.timeout(), body.memory())));
    }

    /** E2B 2.51's connect: the body, and its {@code timeout}, are optional. */
    private ApiResponse connectV2(ApiRequest request) throws java.io.IOException {
        ConnectJson body = request.bodyAs(ConnectJson.class, new ConnectJson(null, null));
        return connected(engine.connect(request.tenant(), request.pathParam(0), ConnectCommand.asRequested(body.timeout(), body.memory())));
    }

    private static ApiResponse connected(ConnectOutcome outcome) {
        return ApiResponse.json(outcome.resumed() ? 201 : 200, sandbox(outcome.sandbox()));
    }

    /** Replaces the rules as a whole; {@code allow_internet_access} changes only when given. */
    private ApiResponse updateNetwork(ApiRequest request) throws java.io.IOException {
        NetworkJson body = request.bodyAs(NetworkJson.class, new NetworkJson(null, null, null, null, null, null, null));
        engine.updateNetwork(request.tenant(), request.pathParam(0), network(body, "body"),
                Optional.ofNullable(body.allowInternetAccess()));
        return ApiResponse.noContent();
    }

    private ApiResponse clone(ApiRequest request) throws java.io.IOException {
        CloneRequestJson body = request.bodyAs(CloneRequestJson.class, new CloneRequestJson(null, null, null, null));
        CloneCommand command = CloneCommand.asRequested(body.count(), body.strict(), body.timeout());
        CloneOutcome outcome = engine.clone(request.tenant(), request.pathParam(0), command);
        List<CloneResponseJson.ClonedSandboxJson> clones = outcome.clones().stream()
                .map(v -> new CloneResponseJson.ClonedSandboxJson(v.sandboxId(), v.envdVersion(), v.envdAccessToken().orElse(null)))
                .collect(Collectors.toList());
        return ApiResponse.json(201, new CloneResponseJson(clones, outcome.snapshotTemplateId()));
    }

    /**
     * E2B's fork: 201 with one entry per slot even when some (or all) slots failed; a refusal of the
     * whole request (400, 404, 409) is an ordinary error body. A slot's error carries the status the same
     * refusal has anywhere else, and no {@code Retry-After}: E2B's SDK would silently retry the call.
     */
    private ApiResponse fork(ApiRequest request) throws java.io.IOException {
        ForkRequestJson body = request.bodyAs(ForkRequestJson.class, new ForkRequestJson(null, null));
        ForkCommand command = ForkCommand.asRequested(
                body.count() == null ? OptionalInt.empty() : OptionalInt.of(body.count()),
                body.timeout() == null ? OptionalLong.empty() : OptionalLong.of(body.timeout()));
        List<ForkSlotJson> slots = engine.fork(request.tenant(), request.pathParam(0), command).stream()
                .map(slot -> slot.sandbox()
                        .map(v -> new ForkSlotJson(new ForkSlotJson.ForkedSandboxJson(v.sandboxId(), v.clientId(), v.templateId(),
                                v.envdVersion(), v.envdAccessToken().orElse(null), null, null), null))
                        .orElseGet(() -> {
                            EngineException error = slot.error().orElseThrow();
                            int status = ErrorTable.answerFor(error).restStatus();
                            return new ForkSlotJson(null, new ErrorJson(status, error.getMessage()));
                        }))
                .collect(Collectors.toList());
        return ApiResponse.json(201, slots);
    }

    private ApiResponse metrics(ApiRequest request) {
        Optional<Instant> start = request.queryParam("start").map(v -> epochSeconds(v, "start"));
        Optional<Instant> end = request.queryParam("end").map(v -> epochSeconds(v, "end"));
        List<MetricSample> samples = engine.metrics(request.tenant(), request.pathParam(0), start, end);
        return ApiResponse.json(200, samples.stream()
                .map(s -> new MetricJson(time(s.timestamp()), s.timestamp().getEpochSecond(), s.cpuCount(), s.cpuUsedPct(),
                        s.memUsed(), s.memTotal(), s.diskUsed(), s.diskTotal(), s.memCache()))
                .collect(Collectors.toList()));
    }

    private ApiResponse quota(ApiRequest request) {
        QuotaView q = engine.quota(request.tenant());
        QuotaJson.Limit limit = new QuotaJson.Limit(q.concurrentInstances(), q.concurrentInstances() * q.cpuCount(),
                q.concurrentInstances() * q.memoryMb(), q.maxLengthHours(), q.diskSizeMb(), q.cpuCount(), q.memoryMb());
        QuotaJson.Usage usage = new QuotaJson.Usage(q.usedInstances(), q.usedVcpu(), q.usedRamMb());
        return ApiResponse.json(200, new QuotaJson(limit, usage));
    }

    private ApiResponse createSnapshot(ApiRequest request) throws java.io.IOException {
        SnapshotRequestJson body = request.bodyAs(SnapshotRequestJson.class, new SnapshotRequestJson(null));
        SnapshotView view = engine.createSnapshot(request.tenant(), request.pathParam(0), Optional.ofNullable(body.name()));
        return ApiResponse.json(201, new SnapshotJson(view.snapshotId(), view.names()));
    }

    private ApiResponse listSnapshots(ApiRequest request) {
        int limit = request.queryParam("limit").map(v -> parseInt(v, "limit")).orElse(ListQuery.DEFAULT_LIMIT);
        Page<SnapshotView> page = engine.listSnapshots(request.tenant(), request.queryParam("sandboxID").filter(s -> !s.isEmpty()),
                request.queryParam("name").filter(n -> !n.isEmpty()), limit, request.queryParam("nextToken").filter(t -> !t.isEmpty()));
        ApiResponse response = ApiResponse.json(200, page.items().stream()
                .map(v -> new SnapshotJson(v.snapshotId(), v.names())).collect(Collectors.toList()));
        return page.nextToken().map(next -> response.withHeader("X-Next-Token", next)).orElse(response);
    }

    private ApiResponse deleteSnapshot(ApiRequest request) {
        engine.deleteSnapshot(request.tenant(), request.pathParam(0));
        return ApiResponse.noContent();
    }

    // ---- rendering ---------------------------------------------------------------------------

    private static SandboxJson sandbox(SandboxView v) {
        return new SandboxJson(v.sandboxId(), v.clientId(), v.templateId(), v.envdVersion(),
                v.envdAccessToken().orElse(null), v.alias().orElse(null), null);
    }

    private static SandboxDetailJson detail(SandboxView v, boolean full) {
        return new SandboxDetailJson(v.sandboxId(), v.clientId(), v.templateId(), v.alias().orElse(null),
                new LinkedHashMap<>(v.metadata()), time(v.startedAt()), time(v.endAt()), v.state().wireName(), v.cpuCount(),
                v.memoryMb(), v.diskSizeMb(), v.envdVersion(),
                full ? v.envdAccessToken().orElse(null) : null,
                full ? v.allowInternetAccess() : null,
                full ? new SandboxDetailJson.LifecycleJson(v.lifecycle().onTimeout().wireName(), v.lifecycle().autoResume()) : null,
                List.of(),
                full && !v.network().isEmpty() ? networkJson(v.network()) : null);
    }

    private static NetworkJson networkJson(NetworkConfig network) {
        return new NetworkJson(network.allowOut(), network.denyOut(),
                network.rules().map(rules -> Json.MAPPER.<JsonNode>valueToTree(rules)).orElse(null),
                network.egressProxy().map(proxy -> Json.MAPPER.<JsonNode>valueToTree(proxy)).orElse(null),
                null, null, null);
    }

    /**
     * The rules of a {@code network} object, with the types the wire allows: {@code allowOut} and
     * {@code denyOut} lists of strings, {@code rules} a list, {@code egressProxy} an object or a string.
     */
    private static NetworkConfig network(NetworkJson json, String field) {
        if (json == null) {
            return NetworkConfig.NONE;
        }
        JsonNode rules = json.rules();
        if (rules != null && !rules.isNull() && !rules.isArray()) {
            throw new InvalidRequestException("'" + field + ".rules' must be a list, was " + rules.getNodeType().name().toLowerCase());
        }
        JsonNode proxy = json.egressProxy();
        if (proxy != null && !proxy.isNull() && !proxy.isObject() && !proxy.isTextual()) {
            throw new InvalidRequestException("'" + field + ".egressProxy' must be an object or a string, was "
                    + proxy.getNodeType().name().toLowerCase());
        }
        return new NetworkConfig(strings(json.allowOut(), field + ".allowOut"), strings(json.denyOut(), field + ".denyOut"),
                rules == null || rules.isNull() ? Optional.empty() : Optional.of(Json.MAPPER.convertValue(rules, List.class)),
                proxy == null || proxy.isNull() ? Optional.empty() : Optional.of(Json.MAPPER.convertValue(proxy, Object.class)));
    }

    private static List<String> strings(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        List<String> checked = new ArrayList<>();
        for (String value : values) {
            if (value == null) {
                throw new InvalidRequestException("'" + field + "' must hold strings, held null");
            }
            checked.add(value);
        }
        return checked;
    }

    /** An RFC 3339 date-time with its offset ({@code 2026-01-02T03:04:05Z}, {@code ...+02:00}). */
    private static Instant rfc3339(String value, String name) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("query parameter '" + name + "' must be an RFC 3339 date-time such as"
                    + " 2026-01-02T03:04:05Z, was '" + value + "'");
        }
    }

    /** RFC 3339 in UTC with at most millisecond precision, which every JSON date parser reads. */
    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Map<String, String> orEmpty(Map<String, String> map, String field) {
        if (map == null) {
            return Map.of();
        }
        for (Map.Entry<String, String> entry : map.entrySet()) {
            if (entry.getValue() == null) {
                throw new InvalidRequestException("field '" + field + "." + entry.getKey() + "' must be a string, was null");
            }
        }
        return map;
    }

    private static int parseInt(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("query parameter '" + name + "' must be an integer, was '" + value + "'");
        }
    }

    /** A unix time in seconds, refused with a 400 outside the range a timestamp can hold. */
    private static Instant epochSeconds(String value, String name) {
        long seconds = parseLong(value, name);
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            throw new InvalidRequestException("query parameter '" + name + "' is out of range: " + value
                    + " is not a unix time in seconds");
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static long parseLong(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("query parameter '" + name + "' must be an integer, was '" + value + "'");
        }
    }
}
