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
    void theEnvironmentVariableAndTheSystemPropertyBothAcceptTrueOneOrYesInAnyCase() {
        for (String yes : new String[] {"true", "1", "yes", "TRUE", "Yes", " 1 "}) {
            assertThat(ContainerRequirement.isRequired(yes, null)).as("environment %s", yes).isTrue();
            assertThat(ContainerRequirement.isRequired(null, yes)).as("property %s", yes).isTrue();
        }
    }

    @Test
    void anythingElseLeavesContainerBackendsOptional() {
        for (String no : new String[] {"false", "FALSE", "0", "no", "", " ", "maybe"}) {
            assertThat(ContainerRequirement.isRequired(no, null)).as("environment %s", no).isFalse();
            assertThat(ContainerRequirement.isRequired(null, no)).as("property %s", no).isFalse();
        }
        assertThat(ContainerRequirement.isRequired(null, null)).isFalse();
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
