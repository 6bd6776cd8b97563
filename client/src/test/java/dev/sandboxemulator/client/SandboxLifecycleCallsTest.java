package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandboxemulator.client.RecordingServer.Bodies;
import dev.sandboxemulator.client.RecordingServer.RecordedRequest;
import dev.sandboxemulator.client.RecordingServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxLifecycleCallsTest {
    private static final String NOT_FOUND = "{\"code\":404,\"message\":\"sandbox not found\"}";

    private RecordingServer server;
    private SandboxClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingServer();
        client = server.client();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void killReturnsTrueOn204() throws Exception {
        server.enqueue(Reply.empty(204));

        assertThat(client.kill("iabc")).isTrue();

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("DELETE");
        assertThat(request.target()).isEqualTo("/sandboxes/iabc");
        assertThat(request.body()).isEmpty();
    }

    @Test
    void killReturnsFalseOn404() {
        server.enqueue(Reply.json(404, NOT_FOUND));

        assertThat(client.kill("igone")).isFalse();
    }

    @Test
    void pathIdsAreEncodedLikeEncodeUriComponent() throws Exception {
        server.enqueue(Reply.empty(204));

        client.kill("a/b c");

        assertThat(server.takeRequest().path()).isEqualTo("/sandboxes/a%2Fb%20c");
    }

    @Test
    void pauseSendsNoBodyAndNoContentType() throws Exception {
        server.enqueue(Reply.empty(204));

        assertThat(client.pause("iabc")).isTrue();

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/sandboxes/iabc/pause");
        assertThat(request.body()).isEmpty();
        assertThat(request.header("Content-Type")).isEmpty();
        assertThat(request.header("Content-Length")).contains("0");
    }

    @Test
    void pauseReturnsFalseWhenAlreadyPaused() {
        server.enqueue(Reply.json(409, "{\"code\":409,\"message\":\"sandbox is already paused\"}"));

        assertThat(client.pause("iabc")).isFalse();
    }

    @Test
    void pauseOfAnUnknownSandboxThrowsNotFound() {
        server.enqueue(Reply.json(404, NOT_FOUND));

        assertThatThrownBy(() -> client.pause("igone"))
                .isInstanceOf(SandboxNotFoundException.class)
                .hasMessage("Sandbox igone not found");
    }

    @Test
    void setTimeoutSendsWholeSecondsRoundedUp() throws Exception {
        server.enqueue(Reply.empty(204));

        client.setTimeout("iabc", Duration.ofMillis(29_001));

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/sandboxes/iabc/timeout");
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.bodyText()).isEqualTo("{\"timeout\":30}");
    }

    @Test
    void connectSendsTheDefault300SecondTimeout() throws Exception {
        server.enqueue(Reply.json(201, Bodies.sandbox("iabc", "0.5.7")));

        Sandbox sandbox = client.connect("iabc");

        RecordedRequest request = server.takeRequest();
        assertThat(request.target()).isEqualTo("/sandboxes/iabc/connect");
        assertThat(request.bodyText()).isEqualTo("{\"timeout\":300}");
        assertThat(sandbox.id()).isEqualTo("iabc");
        assertThat(sandbox.envdAccessToken()).contains("tok-iabc");
    }

    @Test
    void connectSendsAGivenTimeout() throws Exception {
        server.enqueue(Reply.json(200, Bodies.sandbox("iabc", "0.5.7")));

        client.connect("iabc", Duration.ofSeconds(42));

        assertThat(server.takeRequest().bodyText()).isEqualTo("{\"timeout\":42}");
    }

    @Test
    void connectToAnUnknownSandboxSaysPausedSandboxNotFound() {
        server.enqueue(Reply.json(404, NOT_FOUND));

        assertThatThrownBy(() -> client.connect("igone"))
                .isInstanceOf(SandboxNotFoundException.class)
                .hasMessage("Paused sandbox igone not found")
                .satisfies(e -> assertThat(((SandboxException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void getInfoMapsTheFullDetail() throws Exception {
        server.enqueue(
                Reply.json(
                        200,
                        "{\"sandboxID\":\"iabc\",\"clientID\":\"c\",\"templateID\":\"base\",\"alias\":\"base\","
                                + "\"metadata\":{\"k\":\"v\"},\"startedAt\":\"2026-01-02T03:04:05Z\",\"endAt\":\"2026-01-02T03:09:05Z\","
                                + "\"state\":\"running\",\"cpuCount\":2,\"memoryMB\":1024,\"diskSizeMB\":20480,"
                                + "\"envdVersion\":\"0.5.7\",\"envdAccessToken\":\"secret\",\"domain\":null,"
                                + "\"allowInternetAccess\":false,\"network\":{\"allowOut\":[]},"
                                + "\"lifecycle\":{\"onTimeout\":\"pause\",\"autoResume\":true},\"volumeMounts\":[]}"));

        SandboxInfo info = client.getInfo("iabc");

        assertThat(server.takeRequest().target()).isEqualTo("/sandboxes/iabc");
        assertThat(info)
                .isEqualTo(
                        new SandboxInfo(
                                "iabc",
                                "base",
                                Optional.of("base"),
                                Map.of("k", "v"),
                                Instant.parse("2026-01-02T03:04:05Z"),
                                Instant.parse("2026-01-02T03:09:05Z"),
                                SandboxState.RUNNING,
                                2,
                                1024,
                                20480,
                                "0.5.7",
                                Optional.of(Lifecycle.pauseOnTimeout(true)),
                                Optional.of(false)));
    }

    @Test
    void getInfoOfAnUnknownSandboxThrowsNotFound() {
        server.enqueue(Reply.json(404, NOT_FOUND));

        assertThatThrownBy(() -> client.getInfo("igone"))
                .isInstanceOf(SandboxNotFoundException.class)
                .hasMessage("Sandbox igone not found");
    }

    @Test
    void metricsWithoutARangeSendNoQueryString() throws Exception {
        server.enqueue(
                Reply.json(
                        200,
                        "[{\"timestamp\":\"2026-01-02T03:04:05Z\",\"timestampUnix\":1767323045,\"cpuCount\":2,"
                                + "\"cpuUsedPct\":12.5,\"memUsed\":1048576,\"memTotal\":4194304,\"diskUsed\":10,\"diskTotal\":20}]"));

        List<SandboxMetric> metrics = client.getMetrics("iabc");

        RecordedRequest request = server.takeRequest();
        assertThat(request.path()).isEqualTo("/sandboxes/iabc/metrics");
        assertThat(request.query()).isNull();
        assertThat(metrics)
                .containsExactly(
                        new SandboxMetric(Instant.parse("2026-01-02T03:04:05Z"), 12.5, 2, 1048576, 4194304, 10, 20));
    }

    @Test
    void metricsWithARangeSendUnixSeconds() throws Exception {
        server.enqueue(Reply.json(200, "[{\"timestampUnix\":1767323045}]"));

        List<SandboxMetric> metrics =
                client.getMetrics(
                        "iabc",
                        MetricsRequest.builder()
                                .start(Instant.ofEpochSecond(1_700_000_000))
                                .end(Instant.ofEpochSecond(1_700_000_060))
                                .build());

        assertThat(server.takeRequest().query()).isEqualTo("start=1700000000&end=1700000060");
        assertThat(metrics.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1767323045));
        assertThat(metrics.get(0).memUsed()).isZero();
    }

    @Test
    void metricsWithAnOpenEndSendOnlyTheStartRoundedDownToItsSecond() throws Exception {
        server.enqueue(Reply.json(200, "[]"));

        client.getMetrics("iabc", MetricsRequest.builder().start(Instant.ofEpochSecond(1_700_000_000, 999_000_000)).build());

        assertThat(server.takeRequest().query()).isEqualTo("start=1700000000");
    }

    @Test
    void quotaMissingFieldsAreZero() throws Exception {
        server.enqueue(
                Reply.json(200, "{\"limit\":{\"concurrentInstances\":5,\"maxRamMb\":4096},\"usage\":{\"concurrentVcpu\":2}}"));

        Quota quota = client.getQuota();

        assertThat(server.takeRequest().target()).isEqualTo("/sandboxes/quota");
        assertThat(quota.limit()).isEqualTo(new Quota.Limit(5, 0, 0, 0, 0, 0, 4096));
        assertThat(quota.usage()).isEqualTo(new Quota.Usage(0, 2, 0));
    }

    @Test
    void quotaWithAnEmptyObjectIsAllZeros() {
        server.enqueue(Reply.json(200, "{}"));

        assertThat(client.getQuota())
                .isEqualTo(new Quota(new Quota.Limit(0, 0, 0, 0, 0, 0, 0), new Quota.Usage(0, 0, 0)));
    }

    @Test
    void createSnapshotPostsAnEmptyObject() throws Exception {
        server.enqueue(Reply.json(201, "{\"snapshotID\":\"snap-1\",\"names\":[\"snap-1:latest\"]}"));

        SnapshotInfo snapshot = client.createSnapshot("iabc");

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/sandboxes/iabc/snapshots");
        assertThat(request.header("Content-Type")).contains("application/json");
        assertThat(request.bodyText()).isEqualTo("{}");
        assertThat(snapshot).isEqualTo(new SnapshotInfo("snap-1", List.of("snap-1:latest")));
    }

    @Test
    void aNamedSnapshotPostsItsName() throws Exception {
        server.enqueue(Reply.json(201, "{\"snapshotID\":\"snap-1\",\"names\":[\"nightly:v1\"]}"));

        SnapshotInfo snapshot = client.createSnapshot("iabc", "nightly:v1");

        RecordedRequest request = server.takeRequest();
        assertThat(request.target()).isEqualTo("/sandboxes/iabc/snapshots");
        assertThat(request.bodyText()).isEqualTo("{\"name\":\"nightly:v1\"}");
        assertThat(snapshot.names()).containsExactly("nightly:v1");
        assertThatThrownBy(() -> client.createSnapshot("iabc", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listSnapshotsByNameSendsTheNameEncoded() throws Exception {
        server.enqueue(Reply.json(200, "[]"));

        client.listSnapshots(ListSnapshotsRequest.builder().name("nightly:v1").build());

        assertThat(server.takeRequest().target()).isEqualTo("/snapshots?name=nightly%3Av1");
    }

    @Test
    void listSnapshotsSendsOnlyTheGivenParametersAndReadsTheNextToken() throws Exception {
        server.enqueue(Reply.json(200, "[{\"snapshotID\":\"s1\",\"names\":[]}]").withHeader("X-Next-Token", "n2"));
        server.enqueue(Reply.json(200, "[]"));

        SnapshotPage first = client.listSnapshots(ListSnapshotsRequest.builder().sandboxId("iabc").limit(1).build());
        SnapshotPage second = client.listSnapshots(ListSnapshotsRequest.builder().nextToken("n2").build());

        assertThat(server.takeRequest().target()).isEqualTo("/snapshots?sandboxID=iabc&limit=1");
        assertThat(server.takeRequest().target()).isEqualTo("/snapshots?nextToken=n2");
        assertThat(first.snapshots()).containsExactly(new SnapshotInfo("s1", List.of()));
        assertThat(first.hasNext()).isTrue();
        assertThat(second.hasNext()).isFalse();
    }

    @Test
    void listSnapshotsWithoutArgumentsSendsNoQueryString() throws Exception {
        server.enqueue(Reply.json(200, "[]"));

        SnapshotPage page = client.listSnapshots();

        assertThat(server.takeRequest().target()).isEqualTo("/snapshots");
        assertThat(page.snapshots()).isEmpty();
        assertThat(page.request()).isEqualTo(ListSnapshotsRequest.ALL);
    }

    @Test
    void theNextSnapshotPageKeepsTheSandboxAndLimitOfTheFirst() throws Exception {
        server.enqueue(Reply.json(200, "[{\"snapshotID\":\"s1\",\"names\":[]}]").withHeader("X-Next-Token", "n2"));
        server.enqueue(Reply.json(200, "[]"));

        SnapshotPage first = client.listSnapshots(ListSnapshotsRequest.builder().sandboxId("iabc").limit(1).build());
        client.listSnapshots(first.nextRequest());

        server.takeRequest();
        assertThat(server.takeRequest().target()).isEqualTo("/snapshots?sandboxID=iabc&limit=1&nextToken=n2");
    }

    @Test
    void deleteSnapshotDeletesTheTemplateAndReturnsFalseWhenMissing() throws Exception {
        server.enqueue(Reply.empty(204));
        server.enqueue(Reply.json(404, "{\"code\":404,\"message\":\"template not found\"}"));

        assertThat(client.deleteSnapshot("name:latest")).isTrue();
        assertThat(client.deleteSnapshot("gone")).isFalse();

        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("DELETE");
        assertThat(request.path()).isEqualTo("/templates/name%3Alatest");
    }

    @Test
    void emptyIdsAndNegativeTimeoutsAreRejectedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.kill("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setTimeout("iabc", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.pendingRequests()).isZero();
    }
}
