package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of {@code POST /sandboxes/{id}/clone}. {@code timeout} and {@code nodeID} are omitted when null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"count", "strict", "timeout", "nodeID"})
public record CloneRequestJson(int count, boolean strict, Long timeout, String nodeID) {}
