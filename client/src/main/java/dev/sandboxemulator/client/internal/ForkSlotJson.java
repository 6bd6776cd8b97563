package dev.sandboxemulator.client.internal;

/** One entry of the {@code POST /sandboxes/{id}/fork} answer: a fork, or the error of its slot. */
public record ForkSlotJson(SandboxJson sandbox, ErrorJson error) {

    /** A slot's error: {@code code} is the slot's HTTP-like status. */
    public record ErrorJson(Integer code, String message) {}
}
