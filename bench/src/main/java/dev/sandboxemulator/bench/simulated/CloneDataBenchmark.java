package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** One clone (count 1) of a sandbox holding {@code mib} MiB of file data. */
@State(Scope.Benchmark)
public class CloneDataBenchmark extends ParentCloneBenchmark {
    @Param({"1", "10", "100", "1024"})
    public int mib;

    @Override
    protected void fill(SandboxFileSystem fileSystem) {
        ParentFiles.data(fileSystem, mib);
    }
}
