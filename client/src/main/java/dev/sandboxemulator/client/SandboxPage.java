package dev.sandboxemulator.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@link SandboxClient#list(ListSandboxesRequest)}. Instances are immutable.
 *
 * @param sandboxes the sandboxes on this page
 * @param nextToken the token that fetches the next page (the {@code X-Next-Token} response header); empty on the last
 *     page
 * @param request the query that produced this page
 */
public record SandboxPage(List<SandboxInfo> sandboxes, Optional<String> nextToken, ListSandboxesRequest request) {
    /** Checks for nulls and makes an immutable copy of {@code sandboxes}. */
    public SandboxPage {
        sandboxes = List.copyOf(Objects.requireNonNull(sandboxes, "sandboxes == null"));
        Objects.requireNonNull(nextToken, "nextToken == null");
        Objects.requireNonNull(request, "request == null");
    }

    /** Returns true if there is a next page. */
    public boolean hasNext() {
        return nextToken.isPresent();
    }

    /**
     * Returns the query for the next page: the same filters, with this page's next token.
     *
     * @throws IllegalStateException if this is the last page
     */
    public ListSandboxesRequest nextRequest() {
        String token = nextToken.orElseThrow(() -> new IllegalStateException("no next page"));
        return request.newBuilder().nextToken(token).build();
    }
}
