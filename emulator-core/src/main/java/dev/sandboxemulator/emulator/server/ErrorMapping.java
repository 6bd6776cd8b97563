package dev.sandboxemulator.emulator.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.server.wire.ErrorJson;

import java.util.stream.Collectors;

/**
 * Turns every failure into the body the SDK expects, {@code {"code": <status>, "message": ...}},
 * in one place. Handlers never build error bodies; the service's own refusals take their status
 * from the {@link ErrorTable}, which the data plane reads too. Bad input is always a 4xx; anything
 * unexpected is logged here and answered with a 500 that names no stack trace.
 */
final class ErrorMapping {
    private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {
    }

    static ApiResponse toResponse(Throwable failure, String method, String path) {
        if (failure instanceof EngineException) {
            return error(ErrorTable.answerFor((EngineException) failure).restStatus(), failure.getMessage());
        }
        if (failure instanceof MismatchedInputException) {
            return error(400, "invalid request body: " + describe((MismatchedInputException) failure));
        }
        if (failure instanceof java.io.CharConversionException) {
            return error(400, "the request body is not valid UTF-8 JSON: " + failure.getMessage());
        }
        if (failure instanceof JsonProcessingException) {
            return error(400, "malformed JSON request body: " + ((JsonProcessingException) failure).getOriginalMessage());
        }
        LOG.log(System.Logger.Level.ERROR, "unexpected failure handling " + method + " " + path, failure);
        return error(500, "internal emulator error (" + failure.getClass().getSimpleName()
                + "); the emulator's log has the details");
    }

    static ApiResponse error(int status, String message) {
        return ApiResponse.json(status, new ErrorJson(status, message == null || message.isEmpty() ? "error " + status : message));
    }

    private static String describe(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String expected = e.getTargetType() == null ? "another type" : typeName(e.getTargetType());
        if (field.isEmpty()) {
            return "expected " + expected + " at the top level";
        }
        return "field '" + field + "' must be " + expected;
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a " + type.getSimpleName();
    }

}
