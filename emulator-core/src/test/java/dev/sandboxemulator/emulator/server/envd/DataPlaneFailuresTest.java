package dev.sandboxemulator.emulator.server.envd;

import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.server.ErrorTable;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The data plane answers each refusal of the service as the error table says, so it agrees with the control plane. */
class DataPlaneFailuresTest {

    @Test
    void everyKindOfRefusalGetsTheTablesConnectCodeAndStatus() throws ReflectiveOperationException {
        for (Class<?> kind : EngineException.class.getPermittedSubclasses()) {
            EngineException failure = (EngineException) kind.getConstructor(String.class).newInstance("a " + kind.getSimpleName());
            ErrorTable.Answer answer = ErrorTable.answerFor(failure);
            ConnectException connect = DataPlaneFailures.toConnect(failure, "a test");
            assertThat(connect.code()).as(kind.getSimpleName()).isEqualTo(answer.connectCode());
            assertThat(connect.httpStatus()).as(kind.getSimpleName()).isEqualTo(answer.connectHttpStatus());
            assertThat(connect.getMessage()).isEqualTo(failure.getMessage());
        }
    }
}
