package dev.sandboxemulator.emulator.spi;

/** A point-in-time reading of a sandbox's resource use; sizes in bytes. */
public record ResourceUsage(double cpuUsedPercent, long memoryUsedBytes, long diskUsedBytes) {
}
