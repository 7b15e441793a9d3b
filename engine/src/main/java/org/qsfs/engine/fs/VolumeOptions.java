package org.qsfs.engine.fs;

import java.nio.file.Path;
import java.time.Duration;
import org.qsfs.engine.volume.Retention;

/**
 * Settings of a mounted volume. Start from {@link #defaults(Path)}.
 *
 * @param stateDir local state: {@code volume.db} (SQLite) and {@code cache/}
 * @param blockSize bytes per block (fixed per volume; 1 MiB by default)
 * @param cacheLimit most plaintext bytes the cache holds; writes wait beyond it
 * @param cacheDiskQuota most bytes the cache directory may hold, 0 = the disk's limit (a
 *     write beyond it fails with ENOSPC, like a full disk)
 * @param uploadWorkers blocks encoded and sent at once
 * @param settle how long a dirty block must stay unchanged before it is sent
 * @param uploadBytesPerSecond bandwidth limit of uploads, 0 = none
 * @param journalInterval how often metadata changes are shipped to the backends: the most
 *     metadata a destroyed device can lose
 * @param snapshotInterval how often a full snapshot of the tree is written
 * @param durableFsync fsync waits until data and metadata are safe on the backends
 * @param durableTimeout how long a durable fsync waits before EIO
 * @param retention which old versions are kept
 * @param prefetchBlocks blocks fetched ahead of a sequential reader
 * @param ownerUid owner of a new volume's root directory
 * @param ownerGid its group
 * @param capacity bytes statfs reports as the volume's size
 */
public record VolumeOptions(Path stateDir, int blockSize, long cacheLimit, long cacheDiskQuota, int uploadWorkers,
                            Duration settle, long uploadBytesPerSecond, Duration journalInterval,
                            Duration snapshotInterval, boolean durableFsync, Duration durableTimeout,
                            Retention retention, int prefetchBlocks, int ownerUid, int ownerGid, long capacity) {
    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;

    public VolumeOptions {
        if (blockSize < 4096 || Integer.bitCount(blockSize) != 1 || blockSize > (8 << 20)) {
            throw new IllegalArgumentException("block size must be a power of two from 4 KiB to 8 MiB");
        }
        if (cacheLimit < 4L * blockSize) {
            throw new IllegalArgumentException("the cache must hold at least 4 blocks");
        }
    }

    public static VolumeOptions defaults(Path stateDir) {
        return new VolumeOptions(stateDir, DEFAULT_BLOCK_SIZE, 4L << 30, 0, 2, Duration.ofSeconds(2), 0,
                Duration.ofSeconds(3), Duration.ofMinutes(10), false, Duration.ofMinutes(5), Retention.KEEP_ALL, 8,
                0, 0, 1L << 40);
    }

    public VolumeOptions withBlockSize(int b) {
        return new VolumeOptions(stateDir, b, cacheLimit, cacheDiskQuota, uploadWorkers, settle, uploadBytesPerSecond,
                journalInterval, snapshotInterval, durableFsync, durableTimeout, retention, prefetchBlocks, ownerUid,
                ownerGid, capacity);
    }

    public VolumeOptions withCache(long limit, long diskQuota) {
        return new VolumeOptions(stateDir, blockSize, limit, diskQuota, uploadWorkers, settle, uploadBytesPerSecond,
                journalInterval, snapshotInterval, durableFsync, durableTimeout, retention, prefetchBlocks, ownerUid,
                ownerGid, capacity);
    }

    public VolumeOptions withUploads(int workers, Duration settleTime, long bytesPerSecond) {
        return new VolumeOptions(stateDir, blockSize, cacheLimit, cacheDiskQuota, workers, settleTime, bytesPerSecond,
                journalInterval, snapshotInterval, durableFsync, durableTimeout, retention, prefetchBlocks, ownerUid,
                ownerGid, capacity);
    }

    public VolumeOptions withJournal(Duration interval, Duration snapshots) {
        return new VolumeOptions(stateDir, blockSize, cacheLimit, cacheDiskQuota, uploadWorkers, settle,
                uploadBytesPerSecond, interval, snapshots, durableFsync, durableTimeout, retention, prefetchBlocks,
                ownerUid, ownerGid, capacity);
    }

    public VolumeOptions withDurableFsync(boolean on) {
        return new VolumeOptions(stateDir, blockSize, cacheLimit, cacheDiskQuota, uploadWorkers, settle,
                uploadBytesPerSecond, journalInterval, snapshotInterval, on, durableTimeout, retention, prefetchBlocks,
                ownerUid, ownerGid, capacity);
    }

    /** Durable fsync on or off, and how long such an fsync waits for the backends before EIO. */
    public VolumeOptions withDurableFsync(boolean on, Duration timeout) {
        return new VolumeOptions(stateDir, blockSize, cacheLimit, cacheDiskQuota, uploadWorkers, settle,
                uploadBytesPerSecond, journalInterval, snapshotInterval, on, timeout, retention, prefetchBlocks,
                ownerUid, ownerGid, capacity);
    }

    public VolumeOptions withRetention(Retention r) {
        return new VolumeOptions(stateDir, blockSize, cacheLimit, cacheDiskQuota, uploadWorkers, settle,
                uploadBytesPerSecond, journalInterval, snapshotInterval, durableFsync, durableTimeout, r,
                prefetchBlocks, ownerUid, ownerGid, capacity);
    }

    public VolumeOptions withPrefetch(int blocks) {
        return new VolumeOptions(stateDir, blockSize, cacheLimit, cacheDiskQuota, uploadWorkers, settle,
                uploadBytesPerSecond, journalInterval, snapshotInterval, durableFsync, durableTimeout, retention,
                blocks, ownerUid, ownerGid, capacity);
    }

    public VolumeOptions withOwner(int uid, int gid) {
        return new VolumeOptions(stateDir, blockSize, cacheLimit, cacheDiskQuota, uploadWorkers, settle,
                uploadBytesPerSecond, journalInterval, snapshotInterval, durableFsync, durableTimeout, retention,
                prefetchBlocks, uid, gid, capacity);
    }

    /** The volume database's file name inside the state directory. */
    public static final String DB_FILE = "volume.db";

    Path dbFile() {
        return stateDir.resolve(DB_FILE);
    }

    Path cacheDir() {
        return stateDir.resolve("cache");
    }
}
