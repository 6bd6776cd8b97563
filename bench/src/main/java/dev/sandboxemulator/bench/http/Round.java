package dev.sandboxemulator.bench.http;

/**
 * One measured round of closed-loop requests, from either client: its latency percentiles and how
 * many requests all clients together completed in it.
 *
 * @param p50      median request latency in the round, in milliseconds
 * @param p99      99th percentile (nearest rank) of request latency in the round, in milliseconds
 * @param requests requests completed in the round, all clients together
 * @param seconds  how long the round took: until its deadline, plus the last requests still answering
 */
record Round(double p50, double p99, long requests, double seconds) {

    /** Requests per second, all clients together. */
    double throughput() {
        return requests / seconds;
    }
}
