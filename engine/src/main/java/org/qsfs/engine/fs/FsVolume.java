package org.qsfs.engine.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Map;
import org.qsfs.engine.cache.BlockBackend;
import org.qsfs.engine.cache.BlockCache;
import org.qsfs.engine.cache.CacheFiles;
import org.qsfs.engine.cache.CacheLimit;
import org.qsfs.engine.cache.StoreBlockBackend;
import org.qsfs.engine.cache.UploadQueue;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Db;
import org.qsfs.engine.volume.JournalShipper;
import org.qsfs.engine.volume.VolumeRestore;
import org.qsfs.engine.volume.Tables;
import org.qsfs.engine.volume.VersionKeeper;
import org.qsfs.engine.volume.VersionPruner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open volume: its database, cache, upload queue, journal shipper and filesystem API.
 *
 * <pre>{@code
 * try (StorageEngine engine = StorageEngine.open(key, data, meta, settings);
 *      FsVolume vol = FsVolume.open(VolumeOptions.defaults(stateDir), engine)) {
 *     FsOperations fs = vol.fs();
 *     ...
 * }
 * }</pre>
 *
 * With a null engine the volume is local only: nothing is uploaded or journaled (tests, and
 * a first run before backends are configured).
 */
public final class FsVolume implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FsVolume.class);
    /** The most a kill of the process loses of what was not fsync'ed (metadata batched in memory and SQLite). */
    static final java.time.Duration COMMIT_INTERVAL = java.time.Duration.ofSeconds(1);

    private final VolumeOptions options;
    private final Db db;
    private final Tables tables;
    private final CacheFiles files;
    private final BlockCache cache;
    private final UploadQueue uploads;
    private final VolumeFileSystem fs;
    private final VersionKeeper keeper;
    private final VersionOps versions;
    private final JournalShipper journal;
    private final VersionPruner pruner;

    private FsVolume(VolumeOptions o, StorageEngine engine) throws IOException, SQLException {
        this.options = o;
        Files.createDirectories(o.stateDir());
        this.db = new Db(o.dbFile());
        boolean ok = false;
        try {
            this.tables = new Tables(db);
            checkParameters();
            this.files = new CacheFiles(o.cacheDir(), o.cacheDiskQuota());
            CacheLimit limit = new CacheLimit(o.cacheLimit());
            BlockBackend backend = engine == null ? null : new StoreBlockBackend(engine.blocks());
            this.cache = new BlockCache(db, tables.blocks, files, limit, backend, Math.max(2, o.prefetchBlocks()));
            reconcileCache(limit);
            db.run(() -> {
                tables.blocks.initIds();
                return null;
            });
            this.keeper = new VersionKeeper(tables, o.retention());
            this.fs = new VolumeFileSystem(tables, cache, keeper, o.blockSize(), o.prefetchBlocks(), o.capacity());
            fs.initRoot(o.ownerUid(), o.ownerGid(), 0755);
            int orphans = fs.purgeOrphans();
            if (orphans > 0) {
                log.info("finished {} removals the last stop interrupted (files deleted while open, or whose"
                        + " last version was still to be kept)", orphans);
            }
            this.versions = new VersionOps(tables, fs, cache);
            // from here calls are savepoints of a transaction committed every second (and by fsync)
            db.startGroupCommit(COMMIT_INTERVAL);
            if (backend != null) {
                this.uploads = new UploadQueue(db, tables.blocks, files, limit, backend, o.uploadWorkers(),
                        o.settle(), o.uploadBytesPerSecond());
                cache.onPressure(uploads::pressure);
                uploads.onMarkedSafe(cache::markedSafe);
                uploads.deferWhileBusy(fs.busyDrive());
                fs.setHotBlocks(new org.qsfs.engine.cache.HotBlocks(o.settle().toNanos()));
                uploads.start();
                this.journal = new JournalShipper(tables, engine.metadata(), engine.blocks(), o.blockSize(),
                        o.journalInterval(), o.snapshotInterval());
                journal.start();
                if (o.durableFsync()) {
                    fs.setDurability(ino -> {
                        uploads.awaitFile(ino, o.durableTimeout());
                        try {
                            journal.flush();
                        } catch (org.qsfs.engine.meta.MetadataException e) {
                            throw new FsException(Errno.EIO, "metadata journal not safe on the backends: "
                                    + e.getMessage(), e);
                        }
                    });
                }
            } else {
                this.uploads = null;
                this.journal = null;
            }
            files.startPrecreation(tables.blocks::nextId);
            if (o.retention().enabled() && o.retention().maxAge() != null) {
                this.pruner = new VersionPruner(db, keeper);
                pruner.start();
            } else {
                this.pruner = null;
            }
            fs.startDeferredPurges(); // last: a failed open leaves no purge thread behind
            ok = true;
        } finally {
            if (!ok) {
                db.close();
            }
        }
    }

    /**
     * Rebuilds the volume's local state from the backends alone (the key is the engine's),
     * then opens it. {@code options.stateDir()} must hold no volume database.
     */
    public static FsVolume restore(VolumeOptions options, StorageEngine engine) throws IOException {
        try {
            VolumeRestore.Result r = VolumeRestore.restore(engine.metadata(), engine.blocks(), options.dbFile());
            VolumeOptions o = r.blockSize() > 0 && r.blockSize() != options.blockSize()
                    ? options.withBlockSize(r.blockSize()) : options;
            return open(o, engine);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("restore failed: " + e.getMessage(), e);
        }
    }

    /** Opens (or creates) the volume in {@code options.stateDir()}. */
    public static FsVolume open(VolumeOptions options, StorageEngine engine) throws IOException {
        try {
            return new FsVolume(options, engine);
        } catch (SQLException e) {
            throw new IOException("cannot open the volume database in " + options.stateDir() + ": " + e.getMessage(),
                    e);
        }
    }

    private void checkParameters() throws FsException {
        db.run(() -> {
            long schema = tables.counters.getLong("schema", 0);
            if (schema > 1) {
                throw new FsException(Errno.EIO, "the volume database was written by a newer QSFS (schema " + schema
                        + ")");
            }
            long bs = tables.counters.getLong("block_size", 0);
            if (bs == 0) {
                tables.counters.setLong("schema", 1);
                tables.counters.setLong("block_size", options.blockSize());
            } else if (bs != options.blockSize()) {
                throw new FsException(Errno.EINVAL, "this volume uses " + bs + "-byte blocks, not "
                        + options.blockSize());
            }
            return null;
        });
    }

    /**
     * After a crash: files without a cache row are deleted; rows whose file is gone are
     * marked uncached (safe blocks) or emptied (dirty blocks, never fsync'ed).
     */
    private void reconcileCache(CacheLimit limit) throws IOException {
        Map<Long, Long> onDisk = files.scan();
        long[] total = new long[1];
        db.run(() -> {
            // block atime is wall ms; volumes written before that was so hold ns for blocks never
            // read since they were made (they sorted after every read block for eviction)
            db.ps("UPDATE block SET atime = atime / 1000000 WHERE atime > 100000000000000").executeUpdate();
            java.util.Set<Long> rows = new java.util.HashSet<>();
            try (var rs = db.ps("SELECT id, len, state, cached FROM block WHERE cached = 1").executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    Long size = onDisk.get(id);
                    if (size == null && rs.getInt(3) == BlockRow.SAFE) {
                        tables.blocks.setCached(id, false, null, 0);
                        continue;
                    }
                    rows.add(id);
                    total[0] += rs.getInt(2);
                }
            }
            for (Long id : onDisk.keySet()) {
                if (!rows.contains(id)) {
                    files.delete(id);
                }
            }
            return null;
        });
        long disk = 0;
        for (Map.Entry<Long, Long> e : files.scan().entrySet()) {
            disk += e.getValue();
        }
        files.setDiskBytes(disk);
        limit.setUsed(total[0]);
    }

    /**
     * Why the volume stopped accepting calls (its database lost a group commit, see
     * {@link Db}), or null while it works. Mounting it again is the remedy.
     */
    public FsException stopped() {
        return db.stopped();
    }

    public FsOperations fs() {
        return fs;
    }

    /** The implementation, for sync() and tests. */
    public VolumeFileSystem fileSystem() {
        return fs;
    }

    public FsPaths paths() {
        return new FsPaths(fs);
    }

    /** Background dispersal control and progress; null for a local-only volume. */
    public UploadQueue uploads() {
        return uploads;
    }

    /** The metadata journal shipper; null for a local-only volume. */
    public JournalShipper journal() {
        return journal;
    }

    public VersionOps versions() {
        return versions;
    }

    /** The volume's block references, for the repair service ({@code RepairService.addSource}). */
    public org.qsfs.engine.volume.VolumeBlockRefs blockRefs() {
        return new org.qsfs.engine.volume.VolumeBlockRefs(tables, journal);
    }

    public BlockCache cache() {
        return cache;
    }

    public VolumeOptions options() {
        return options;
    }

    Tables tables() {
        return tables;
    }

    /** Drops the versions older than the retention's age now (it also happens in the background); returns how many. */
    public int pruneVersions() throws FsException {
        return pruner == null ? 0 : pruner.pruneNow();
    }

    @Override
    public void close() {
        fs.stopDeferredPurges(); // before the journal's last shipment: the purges are journaled too
        if (pruner != null) {
            pruner.close();
        }
        if (journal != null) {
            journal.close();
        }
        if (uploads != null) {
            uploads.close();
        }
        cache.close();
        try {
            fs.sync();
        } catch (FsException e) {
            log.warn("final sync failed: {}", e.getMessage());
        }
        files.close();
        db.close();
    }
}
