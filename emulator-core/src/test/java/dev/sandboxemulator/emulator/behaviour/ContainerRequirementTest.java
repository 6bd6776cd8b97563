package dev.sandboxemulator.emulator.behaviour;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a docker-only test runs, is skipped, or fails. */
class ContainerRequirementTest {

    @Test
    void anAvailableBackendNeitherSkipsNorFails() {
        assertThatCode(() -> ContainerRequirement.check(Optional.empty(), true)).doesNotThrowAnyException();
        assertThatCode(() -> ContainerRequirement.check(Optional.empty(), false)).doesNotThrowAnyException();
    }

    @Test
    void anUnavailableBackendSkipsWithTheReasonByDefault() {
        assertThatThrownBy(() -> ContainerRequirement.check(Optional.of("no CRIU on this machine"), false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no CRIU on this machine")
                .hasMessageContaining(ContainerRequirement.ENVIRONMENT_VARIABLE);
    }

    @Test
    void anUnavailableBackendFailsWithTheReasonWhenDockerIsRequired() {
        assertThatThrownBy(() -> ContainerRequirement.check(Optional.of("no CRIU on this machine"), true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no CRIU on this machine")
                .hasMessageContaining("required");
    }

    @Test
    void theEnvironmentVariableRequiresDockerWhenSetToAnythingButEmptyOrFalse() {
        assertThat(ContainerRequirement.isRequired("true", null)).isTrue();
        assertThat(ContainerRequirement.isRequired("1", null)).isTrue();
        assertThat(ContainerRequirement.isRequired("yes", null)).isTrue();
        assertThat(ContainerRequirement.isRequired("false", null)).isFalse();
        assertThat(ContainerRequirement.isRequired("FALSE", null)).isFalse();
        assertThat(ContainerRequirement.isRequired("", null)).isFalse();
        assertThat(ContainerRequirement.isRequired(null, null)).isFalse();
    }

    @Test
    void theSystemPropertyRequiresDockerOnlyWhenTrue() {
        assertThat(ContainerRequirement.isRequired(null, "true")).isTrue();
        assertThat(ContainerRequirement.isRequired(null, "TRUE")).isTrue();
        assertThat(ContainerRequirement.isRequired(null, "false")).isFalse();
        assertThat(ContainerRequirement.isRequired(null, "1")).isFalse();
        assertThat(ContainerRequirement.isRequired("false", "true")).isTrue();
    }

    @Test
    void processesSwitchUsersUnlessTheHostWithholdsCapSysResource() {
        assertThat(ContainerRequirement.whyProcessesCannotSwitchUsers(Optional.of(0x1ffffffffffL))).isEmpty();
        assertThat(ContainerRequirement.whyProcessesCannotSwitchUsers(Optional.of(0x1fffeffffffL)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("CAP_SYS_RESOURCE"));
        assertThat(ContainerRequirement.whyProcessesCannotSwitchUsers(Optional.empty())).isEmpty();
    }
}
