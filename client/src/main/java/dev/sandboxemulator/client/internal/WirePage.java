package dev.sandboxemulator.client.internal;

import java.util.List;

/**
 * A page of a listing: the decoded body and the {@code X-Next-Token} header.
 *
 * @param <T> the wire record of one element
 * @param items the elements
 * @param nextToken the next token, or null when the header was absent or empty
 */
public record WirePage<T>(List<T> items, String nextToken) {}
