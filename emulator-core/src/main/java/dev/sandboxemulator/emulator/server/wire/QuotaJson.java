package dev.sandboxemulator.emulator.server.wire;

/** {@code GET /sandboxes/quota}. */
public record QuotaJson(Limit limit, Usage usage) {

    /** What the account may use. */
    public record Limit(int concurrentInstances, int concurrentVcpu, int concurrentRamMb, int maxLengthHours, int diskMb,
                        int maxVcpu, int maxRamMb) {
    }

    /** What running sandboxes use now. */
    public record Usage(int concurrentInstances, int concurrentVcpu, int concurrentRamMb) {
    }
}
