package org.qsfs.engine.fs;

/**
 * What {@code statfs} reports. Sizes are in units of {@code blockSize} (the fragment size
 * is the same). Free space is what the local cache can still take before writes wait;
 * the capacity is the backends' free space as far as known.
 */
public record StatFs(long blockSize, long totalBlocks, long freeBlocks, long availBlocks, long totalInodes,
                     long freeInodes, int maxNameLength) {
}
