package dev.sandboxemulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListSnapshotsRequestTest {

    @Test
    void anEmptyBuilderBuildsTheQueryForEverySnapshot() {
        assertThat(ListSnapshotsRequest.builder().build()).isEqualTo(ListSnapshotsRequest.ALL);
        assertThat(ListSnapshotsRequest.ALL.sandboxId()).isEmpty();
        assertThat(ListSnapshotsRequest.ALL.limit()).isEmpty();
        assertThat(ListSnapshotsRequest.ALL.nextToken()).isEmpty();
    }

    @Test
    void newBuilderCopiesEveryPartAndLeavesTheOriginalUnchanged() {
        ListSnapshotsRequest original =
                ListSnapshotsRequest.builder().sandboxId("iabc").limit(5).nextToken("t1").build();

        ListSnapshotsRequest changed = original.newBuilder().nextToken(null).build();

        assertThat(original.newBuilder().build()).isEqualTo(original);
        assertThat(changed).isEqualTo(new ListSnapshotsRequest(Optional.of("iabc"), Optional.empty(), Optional.of(5), Optional.empty()));
        assertThat(original.nextToken()).contains("t1");
    }

    @Test
    void aLimitBelowOneIsRejectedWithTheLimitInTheMessage() {
        assertThatThrownBy(() -> ListSnapshotsRequest.builder().limit(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit < 1: 0");
        assertThatThrownBy(() -> ListSnapshotsRequest.builder().limit(-3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit < 1: -3");
    }

    @Test
    void anEmptySandboxIdIsRejectedRatherThanSentAsNoFilter() {
        assertThatThrownBy(() -> ListSnapshotsRequest.builder().sandboxId("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sandboxId is empty");
    }

    @Test
    void nullOptionalsAreRejected() {
        assertThatThrownBy(() -> new ListSnapshotsRequest(null, Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("sandboxId == null");
    }
}
