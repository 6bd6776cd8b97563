package dev.sandboxemulator.emulator.behaviour;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a docker-only test runs, is skipped, or fails. */
class DockerRequirementTest {

    @Test
    void anAvailableBackendNeitherSkipsNorFails() {
        assertThatCode(() -> DockerRequirement.check(Optional.empty(), true)).doesNotThrowAnyException();
        assertThatCode(() -> DockerRequirement.check(Optional.empty(), false)).doesNotThrowAnyException();
    }

    @Test
    void anUnavailableBackendSkipsWithTheReasonByDefault() {
        assertThatThrownBy(() -> DockerRequirement.check(Optional.of("no CRIU on this machine"), false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no CRIU on this machine")
                .hasMessageContaining(DockerRequirement.ENVIRONMENT_VARIABLE);
    }

    @Test
    void anUnavailableBackendFailsWithTheReasonWhenDockerIsRequired() {
        assertThatThrownBy(() -> DockerRequirement.check(Optional.of("no CRIU on this machine"), true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no CRIU on this machine")
                .hasMessageContaining("required");
    }

    @Test
    void theEnvironmentVariableRequiresDockerWhenSetToAnythingButEmptyOrFalse() {
        assertThat(DockerRequirement.isRequired("true", null)).isTrue();
        assertThat(DockerRequirement.isRequired("1", null)).isTrue();
        assertThat(DockerRequirement.isRequired("yes", null)).isTrue();
        assertThat(DockerRequirement.isRequired("false", null)).isFalse();
        assertThat(DockerRequirement.isRequired("FALSE", null)).isFalse();
        assertThat(DockerRequirement.isRequired("", null)).isFalse();
        assertThat(DockerRequirement.isRequired(null, null)).isFalse();
    }

    @Test
    void theSystemPropertyRequiresDockerOnlyWhenTrue() {
        assertThat(DockerRequirement.isRequired(null, "true")).isTrue();
        assertThat(DockerRequirement.isRequired(null, "TRUE")).isTrue();
        assertThat(DockerRequirement.isRequired(null, "false")).isFalse();
        assertThat(DockerRequirement.isRequired(null, "1")).isFalse();
        assertThat(DockerRequirement.isRequired("false", "true")).isTrue();
    }

    @Test
    void processesSwitchUsersUnlessTheHostWithholdsCapSysResource() {
        assertThat(DockerRequirement.whyProcessesCannotSwitchUsers(Optional.of(0x1ffffffffffL))).isEmpty();
        assertThat(DockerRequirement.whyProcessesCannotSwitchUsers(Optional.of(0x1fffeffffffL)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("CAP_SYS_RESOURCE"));
        assertThat(DockerRequirement.whyProcessesCannotSwitchUsers(Optional.empty())).isEmpty();
    }
}
