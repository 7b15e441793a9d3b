package org.qsfs.engine.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.meta.MetadataStore;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.BlockStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a volume database from the backends alone: the newest snapshot of any device,
 * then every device's journal batches after it, in the order devices joined. File
 * contents are not fetched: blocks come back as "safe, not cached" and are read lazily
 * through the cache. The restored database belongs to a new device (its own stream).
 */
public final class VolumeRestore {
    private static final Logger log = LoggerFactory.getLogger(VolumeRestore.class);

    /** What a restore found. */
    public record Result(int devices, boolean fromSnapshot, long batches, long entries, int blockSize) {
    }

    private VolumeRestore() {
    }

    /**
     * @param dbFile must not exist yet
     */
    public static Result restore(MetadataStore meta, BlockStore blocks, Path dbFile) throws Exception {
        if (Files.exists(dbFile)) {
            throw new FsException(Errno.EEXIST, dbFile + " exists; restore writes a new database");
        }
        List<String> devices = JournalShipper.readDevices(meta);
        if (devices.isEmpty()) {
            throw new FsException(Errno.ENOENT, "the backends hold no volume journal (no device list)");
        }
        JournalFormat.Snapshot best = null;
        for (String d : devices) {
            JournalFormat.Snapshot snap = JournalShipper.readSnapshot(meta, d);
            if (snap != null) {
                if (best == null || snap.createdMs() > best.createdMs()) {
                    best = snap;
                }
            }
        }
        Files.createDirectories(dbFile.getParent());
        long batches = 0;
        long entries = 0;
        int blockSize = best == null ? 0 : best.blockSize();
        try (Db db = new Db(dbFile)) {
            Tables t = new Tables(db);
            t.journal.setEnabled(false);
            JournalApplier applier = new JournalApplier(t);
            List<Long> start = new ArrayList<>();
            for (String d : devices) {
                start.add(1L);
            }
            long skipUpto = 0;
            String snapDevice = null;
            if (best != null) {
                JournalFormat.Snapshot snap = best;
                for (int i = 0; i < snap.devices().size(); i++) {
                    int at = devices.indexOf(snap.devices().get(i));
                    if (at >= 0) {
                        start.set(at, snap.nextBatch().get(i));
                    }
                }
                snapDevice = snap.devices().get(0);
                skipUpto = snap.uptoSeq();
                for (byte[] ref : snap.chunks()) {
                    List<byte[]> list = JournalFormat.decodeChunk(blocks.get(BlockRef.decode(ref)));
                    db.run(() -> {
                        for (byte[] e : list) {
                            applier.apply(e);
                        }
                        return null;
                    });
                    entries += list.size();
                }
            }
            for (int i = 0; i < devices.size(); i++) {
                String d = devices.get(i);
                long n = start.get(i);
                while (true) {
                    JournalFormat.Batch b = JournalShipper.readBatch(meta, d, n);
                    if (b == null) {
                        if (n == start.get(i) && JournalShipper.batchDeleted(meta, d, n)) {
                            throw new java.io.IOException("the journal of device " + d + " was compacted into a snapshot,"
                                    + " but no snapshot of it can be read; restore needs more of the metadata"
                                    + " backends online (check `qsfs status`)");
                        }
                        break;
                    }
                    blockSize = b.blockSize();
                    long skip = d.equals(snapDevice) ? skipUpto : 0;
                    db.run(() -> {
                        for (JournalFormat.Entry e : b.entries()) {
                            if (e.seq() > skip) {
                                applier.apply(e.bytes());
                            }
                        }
                        return null;
                    });
                    entries += b.entries().size();
                    batches++;
                    n++;
                }
                long next = n;
                db.run(() -> {
                    t.counters.setLong(JournalShipper.APPLIED + d, next);
                    return null;
                });
            }
            int bs = blockSize;
            db.run(() -> {
                applier.finish();
                t.counters.setLong("schema", 1);
                if (bs > 0) {
                    t.counters.setLong("block_size", bs);
                }
                t.counters.setString(JournalShipper.DEVICE, JournalShipper.newDeviceId());
                return null;
            });
            db.syncCommit();
        }
        log.info("restored the volume from {} devices: snapshot {}, {} batches, {} entries", devices.size(),
                best != null, batches, entries);
        return new Result(devices.size(), best != null, batches, entries, blockSize);
    }
}
