package dev.sandboxemulator.emulator.server;

import dev.sandboxemulator.emulator.engine.error.BackendFailureException;
import dev.sandboxemulator.emulator.engine.error.CloneFailedException;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.engine.error.InvalidRequestException;
import dev.sandboxemulator.emulator.engine.error.QuotaExceededException;
import dev.sandboxemulator.emulator.engine.error.SandboxNotFoundException;
import dev.sandboxemulator.emulator.engine.error.SandboxNotRunningException;
import dev.sandboxemulator.emulator.server.envd.ConnectCode;
import dev.sandboxemulator.emulator.server.wire.ErrorJson;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTableTest {

    /** Every kind of refusal, found from the sealed class so that a new kind cannot be forgotten here. */
    static List<EngineException> oneOfEachKind() {
        return Arrays.stream(EngineException.class.getPermittedSubclasses())
                .map(ErrorTableTest::instantiate)
                .collect(Collectors.toList());
    }

    private static EngineException instantiate(Class<?> kind) {
        try {
            return (EngineException) kind.getConstructor(String.class).newInstance("a " + kind.getSimpleName());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(kind + " has no public (String message) constructor", e);
        }
    }

    @Test
    void everyKindOfRefusalHasARowAndNoRowNamesAnUnknownKind() {
        assertThat(Set.<Class<?>>copyOf(ErrorTable.rows().keySet())).isEqualTo(Set.of(EngineException.class.getPermittedSubclasses()));
    }

    @Test
    void everyKindOfRefusalMapsToAnErrorStatusAndAConnectCode() {
        for (EngineException failure : oneOfEachKind()) {
            ErrorTable.Answer answer = ErrorTable.answerFor(failure);
            assertThat(answer).as(failure.getClass().getSimpleName()).isNotNull();
            assertThat(answer.restStatus()).as("REST status of %s", failure.getClass().getSimpleName()).isBetween(400, 599);
            assertThat(answer.connectCode()).as("Connect code of %s", failure.getClass().getSimpleName()).isNotNull();
            assertThat(answer.connectHttpStatus()).as("data-plane status of %s", failure.getClass().getSimpleName())
                    .isBetween(400, 599);
        }
    }

    @Test
    void theControlPlaneAnswersTheTablesStatusWithTheMessage() {
        for (EngineException failure : oneOfEachKind()) {
            ApiResponse response = ErrorMapping.toResponse(failure, "GET", "/sandboxes");
            int status = ErrorTable.answerFor(failure).restStatus();
            assertThat(response.status()).isEqualTo(status);
            assertThat(response.body()).isEqualTo(new ErrorJson(status, failure.getMessage()));
        }
    }

    @Test
    void theRowsThatTheWireTestsPin() {
        assertThat(ErrorTable.answerFor(new InvalidRequestException("x")))
                .isEqualTo(new ErrorTable.Answer(400, ConnectCode.INVALID_ARGUMENT, 400));
        assertThat(ErrorTable.answerFor(new SandboxNotFoundException("x")))
                .isEqualTo(new ErrorTable.Answer(404, ConnectCode.UNAVAILABLE, 502));
        assertThat(ErrorTable.answerFor(new SandboxNotRunningException("x")))
                .isEqualTo(new ErrorTable.Answer(502, ConnectCode.UNAVAILABLE, 502));
        assertThat(ErrorTable.answerFor(new QuotaExceededException("x")))
                .isEqualTo(new ErrorTable.Answer(429, ConnectCode.RESOURCE_EXHAUSTED, 429));
        assertThat(ErrorTable.answerFor(new CloneFailedException("x")))
                .isEqualTo(new ErrorTable.Answer(500, ConnectCode.INTERNAL, 500));
        assertThat(ErrorTable.answerFor(new BackendFailureException("x")))
                .isEqualTo(new ErrorTable.Answer(500, ConnectCode.INTERNAL, 500));
    }
}
