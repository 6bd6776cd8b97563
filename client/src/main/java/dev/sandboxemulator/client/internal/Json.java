package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/** The one JSON configuration of the client: unknown properties are ignored, timestamps are RFC 3339 strings. */
final class Json {
    /** Configured once here and never handed out of this package. */
    static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
                    .build();

    private static final DateTimeFormatter RFC_3339 =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .append(DateTimeFormatter.ISO_LOCAL_TIME)
                    .appendOffsetId()
                    .toFormatter();

    private Json() {}

    /**
     * Parses an RFC 3339 timestamp such as {@code 2026-01-02T03:04:05.123456Z} or {@code 2026-01-02T03:04:05+02:00}.
     *
     * @throws DateTimeParseException if {@code text} is not such a timestamp
     */
    static Instant parseInstant(String text) {
        return OffsetDateTime.parse(text, RFC_3339).toInstant();
    }
}
