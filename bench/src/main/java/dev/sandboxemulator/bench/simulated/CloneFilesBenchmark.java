package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** One clone (count 1) of a sandbox holding {@code files} small files. */
@State(Scope.Benchmark)
public class CloneFilesBenchmark extends ParentCloneBenchmark {
    @Param({"10", "1000", "10000", "100000"})
    public int files;

    @Override
    protected void fill(SandboxFileSystem fileSystem) {
        ParentFiles.smallFiles(fileSystem, files);
    }
}
