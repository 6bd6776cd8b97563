package dev.sandboxemulator.emulator.spi;

/**
 * Receives one process's events in order: output chunks, then exactly one exit. Called on
 * whatever thread produces the event; must not block.
 */
public interface ProcessListener {

    void onOutput(OutputChunk chunk);

    void onExit(ProcessExit exit);
}
