package dev.sandboxemulator.emulator.engine;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's defaults for fields a request leaves out, which the engine (not the routes) owns. */
class RequestDefaultsTest {

    @Test
    void aSandboxLivesFiveMinutesIsSecureAndMayReachTheInternetUnlessToldOtherwise() {
        CreateCommand command = CreateCommand.asRequested("base", Map.of(), Map.of(), null, null, null, Lifecycle.DEFAULT);
        assertThat(command.timeoutSeconds()).isEqualTo(300);
        assertThat(command.secure()).isTrue();
        assertThat(command.allowInternetAccess()).isTrue();
    }

    @Test
    void fieldsTheCallerSentAreKept() {
        CreateCommand command = CreateCommand.asRequested("base", Map.of(), Map.of(), 0L, false, false, Lifecycle.DEFAULT);
        assertThat(command.timeoutSeconds()).isZero();
        assertThat(command.secure()).isFalse();
        assertThat(command.allowInternetAccess()).isFalse();
    }

    @Test
    void aCloneMakesOneCopyNotStrictWithTheInheritedTimeoutUnlessToldOtherwise() {
        assertThat(CloneCommand.asRequested(null, null, null)).isEqualTo(new CloneCommand(1, false, OptionalLong.empty()));
        assertThat(CloneCommand.asRequested(3, true, 60L)).isEqualTo(new CloneCommand(3, true, OptionalLong.of(60)));
    }

    @Test
    void aSandboxIsKilledAtItsTimeoutUnlessToldOtherwise() {
        assertThat(Lifecycle.asRequested(null, null)).isEqualTo(Lifecycle.DEFAULT);
        assertThat(Lifecycle.asRequested(false, false)).isEqualTo(Lifecycle.DEFAULT);
        assertThat(Lifecycle.asRequested(true, true)).isEqualTo(new Lifecycle(Lifecycle.OnTimeout.PAUSE, true));
    }
}
