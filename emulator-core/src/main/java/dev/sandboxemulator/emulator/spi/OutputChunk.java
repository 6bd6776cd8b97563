package dev.sandboxemulator.emulator.spi;

/** A piece of a process's output. The bytes are never modified after construction. */
public record OutputChunk(Stream stream, byte[] data) {

    /** Which output the bytes were written to. */
    public enum Stream { STDOUT, STDERR }
}
