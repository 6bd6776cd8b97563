package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of {@code POST /sandboxes/{id}/fork} (E2B), in the e2b SDK's order: {@code {"timeout":60,"count":2}}.
 * {@code timeout} is omitted when null, so the server's default (15 seconds upstream) applies.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"timeout", "count"})
public record ForkRequestJson(Long timeout, int count) {}
