package dev.sandboxemulator.bench.simulated;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** One clone request for {@code count} copies of a running, empty sandbox. */
@State(Scope.Benchmark)
public class CloneCountBenchmark extends ParentCloneBenchmark {
    @Param({"1", "10", "100"})
    public int count;

    @Override
    protected int copiesPerRequest() {
        return count;
    }
}
