package dev.sandboxemulator.emulator.engine;

/** The running quota and what uses it now. */
public record QuotaView(int concurrentInstances, int usedInstances, int usedVcpu, int usedRamMb,
                        int maxLengthHours, int cpuCount, int memoryMb, int diskSizeMb) {
}
