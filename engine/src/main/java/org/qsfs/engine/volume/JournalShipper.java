package org.qsfs.engine.volume;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.meta.MetadataException;
import org.qsfs.engine.meta.MetadataRecord;
import org.qsfs.engine.meta.MetadataStore;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.BlockStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the local journal to the metadata backends: every interval, the entries not yet
 * shipped go out as one or more batch records {@code journal/<device>/<n>} (n = 1, 2, ...),
 * and are deleted locally once stored. Now and then a snapshot of all tables is written
 * as data blocks with an index record {@code snap/<device>}, so a restore does not replay
 * the journal from the beginning. If the backends are unreachable the entries stay local
 * and go out later; nothing is skipped. Once a snapshot is stored, this device's batches
 * it covers are deleted from the backends, so the journal does not grow forever.
 */
public final class JournalShipper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JournalShipper.class);
    private static final int MAX_BATCH_BYTES = 1 << 20;
    /** Entries read per hold of the volume lock (about 2 ms). */
    private static final int READ_SLICE = 2_000;
    private static final int CHUNK_BYTES = 1 << 20;
    static final String DEVICE = "device_id";
    static final String NEXT_BATCH = "next_batch";
    static final String LAST_SNAPSHOT = "last_snapshot_ms";
    static final String APPLIED = "applied/";
    /** Batches of this device below this number are deleted from the backends (covered by a snapshot). */
    static final String COMPACTED_BELOW = "journal_compacted_below";

    private final Tables t;
    private final Db db;
    private final MetadataStore meta;
    private final BlockStore blocks;
    private final int blockSize;
    private final Duration interval;
    private final Duration snapshotInterval;
    private final Object shipLock = new Object();
    private final Thread thread;
    private final String device;
    private volatile boolean closed;
    private volatile String lastError;

    public JournalShipper(Tables t, MetadataStore meta, BlockStore blocks, int blockSize, Duration interval,
            Duration snapshotInterval) throws FsException {
        this.t = t;
        this.db = t.db;
        this.meta = meta;
        this.blocks = blocks;
        this.blockSize = blockSize;
        this.interval = interval;
        this.snapshotInterval = snapshotInterval;
        this.device = db.tx(() -> {
            String d = t.counters.getString(DEVICE);
            if (d == null) {
                d = newDeviceId();
                t.counters.setString(DEVICE, d);
            }
            return d;
        });
        this.thread = new Thread(this::loop, "qsfs-journal");
        this.thread.setDaemon(true);
    }

    static String newDeviceId() {
        UUID u = UUID.randomUUID();
        return HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array()).substring(0, 16);
    }

    public String device() {
        return device;
    }

    /** Why the last shipment failed, or null. */
    public String lastError() {
        return lastError;
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        boolean registered = false;
        while (!closed) {
            try {
                if (!registered) {
                    register();
                    registered = true;
                }
                flush();
                long last = db.tx(() -> t.counters.getLong(LAST_SNAPSHOT, 0));
                if (System.currentTimeMillis() - last > snapshotInterval.toMillis()) {
                    snapshot();
                }
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                if (lastError == null) {
                    log.warn("metadata journal cannot be shipped now (kept locally, retried): {}", e.getMessage());
                }
                lastError = String.valueOf(e.getMessage());
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Adds this device to the volume's device list. */
    private void register() throws MetadataException {
        List<String> devs = readDevices(meta);
        if (!devs.contains(device)) {
            devs.add(device);
            try {
                put(JournalFormat.DEVICES, JournalFormat.encodeDevices(devs));
            } catch (FsException e) {
                throw new MetadataException(e.getMessage(), e);
            }
        }
    }

    /** The volume's devices in the order they joined (merged over torn-write attempts). */
    static List<String> readDevices(MetadataStore meta) throws MetadataException {
        List<String> devs = new ArrayList<>();
        for (MetadataRecord r : RecordAttempts.readAll(meta, JournalFormat.DEVICES)) {
            for (String d : JournalFormat.decodeDevices(r.value())) {
                if (!devs.contains(d)) {
                    devs.add(d);
                }
            }
        }
        return devs;
    }

    /** The newest snapshot index a device wrote, or null. */
    static JournalFormat.Snapshot readSnapshot(MetadataStore meta, String device) throws MetadataException {
        JournalFormat.Snapshot best = null;
        for (MetadataRecord r : RecordAttempts.readAll(meta, JournalFormat.snapshotName(device))) {
            JournalFormat.Snapshot s = JournalFormat.decodeSnapshot(r.value());
            if (best == null || s.createdMs() > best.createdMs()) {
                best = s;
            }
        }
        return best;
    }

    /** Batch {@code n} of a device's stream, or null past its end. */
    static JournalFormat.Batch readBatch(MetadataStore meta, String device, long n) throws MetadataException {
        List<MetadataRecord> found = RecordAttempts.readAll(meta, JournalFormat.batchName(device, n));
        return found.isEmpty() ? null : JournalFormat.decodeBatch(found.get(found.size() - 1).value());
    }

    /** The chunk references of this device's newest snapshot; empty when it has none yet. */
    public List<BlockRef> snapshotChunks() throws MetadataException {
        JournalFormat.Snapshot s = readSnapshot(meta, device);
        List<BlockRef> out = new ArrayList<>();
        if (s != null) {
            for (byte[] c : s.chunks()) {
                try {
                    out.add(BlockRef.decode(c));
                } catch (org.qsfs.engine.store.BlockRefFormatException e) {
                    throw new MetadataException("snapshot index of device " + device + " holds an unreadable"
                            + " chunk reference: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /**
     * Points chunk {@code index} of the newest snapshot at {@code updated} (a repaired copy), only if
     * it still is {@code expected}: a newer snapshot meanwhile wins (its chunks are new blocks).
     */
    public boolean replaceSnapshotChunk(int index, BlockRef expected, BlockRef updated)
            throws FsException, MetadataException {
        synchronized (shipLock) {
            JournalFormat.Snapshot s = readSnapshot(meta, device);
            if (s == null || index >= s.chunks().size()
                    || !java.util.Arrays.equals(s.chunks().get(index), expected.encode())) {
                return false;
            }
            List<byte[]> chunks = new ArrayList<>(s.chunks());
            chunks.set(index, updated.encode());
            put(JournalFormat.snapshotName(device), JournalFormat.encodeSnapshot(new JournalFormat.Snapshot(
                    s.createdMs(), s.uptoSeq(), s.blockSize(), s.devices(), s.nextBatch(), chunks)));
            return true;
        }
    }

    /** Whether batch {@code n} of a device was written and later deleted (compacted into a snapshot). */
    static boolean batchDeleted(MetadataStore meta, String device, long n) throws MetadataException {
        MetadataRecord r = meta.getLatest(JournalFormat.batchName(device, n));
        return r != null && r.deleted();
    }

    /** Ships everything journaled so far; returns when it is stored (or throws). */
    public void flush() throws FsException, MetadataException {
        synchronized (shipLock) {
            // ship only what is committed locally: a crash must not leave the backends ahead of the database
            db.commitNow();
            long upto = db.tx(() -> {
                try (ResultSet rs = db.ps("SELECT coalesce(max(seq), 0) FROM journal").executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            });
            while (true) {
                List<JournalFormat.Entry> entries = readBatch(upto);
                long batch = db.tx(() -> t.counters.getLong(NEXT_BATCH, 1));
                if (entries.isEmpty()) {
                    lastError = null;
                    return;
                }
                long lastSeq = entries.get(entries.size() - 1).seq();
                List<JournalFormat.Entry> shipped = coalesce(entries);
                put(JournalFormat.batchName(device, batch), JournalFormat.encodeBatch(device, batch, blockSize,
                        shipped));
                db.run(() -> {
                    PreparedStatement d = db.ps("DELETE FROM journal WHERE seq <= ?");
                    d.setLong(1, lastSeq);
                    d.executeUpdate();
                    t.counters.setLong(NEXT_BATCH, batch + 1);
                    return null;
                });
                db.commitNow();
                lastError = null;
            }
        }
    }

    /**
     * The oldest entries up to {@code upto}, at most {@link #MAX_BATCH_BYTES} of them, read a
     * slice at a time: one query over 15,000 entries held the volume lock for 10-18 ms, and every
     * call of a busy drive waited that long.
     */
    private List<JournalFormat.Entry> readBatch(long upto) throws FsException {
        List<JournalFormat.Entry> entries = new ArrayList<>();
        int[] bytes = {0};
        while (bytes[0] < MAX_BATCH_BYTES) {
            long after = entries.isEmpty() ? -1 : entries.get(entries.size() - 1).seq();
            int read = db.tx(() -> {
                PreparedStatement p = db.ps("SELECT seq, entry FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq"
                        + " LIMIT " + READ_SLICE);
                p.setLong(1, after);
                p.setLong(2, upto);
                int n = 0;
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next() && bytes[0] < MAX_BATCH_BYTES) {
                        byte[] e = rs.getBytes(2);
                        entries.add(new JournalFormat.Entry(rs.getLong(1), e));
                        bytes[0] += e.length + 12;
                        n++;
                    }
                }
                return n;
            });
            if (read < READ_SLICE) {
                break;
            }
        }
        return entries;
    }

    /** Puts a record, moving to the next attempt name when a torn earlier write blocks it. */
    private void put(String base, byte[] value) throws FsException, MetadataException {
        String key = "attempt/" + base;
        while (true) {
            int attempt = (int) (long) db.tx(() -> t.counters.getLong(key, 0));
            try {
                meta.put(RecordAttempts.name(base, attempt), value);
                return;
            } catch (MetadataException e) {
                if (!RecordAttempts.torn(e) || attempt + 1 >= RecordAttempts.MAX) {
                    throw e;
                }
                log.warn("record {} was torn by an earlier crash; writing it as attempt {}", base, attempt + 1);
                db.run(() -> {
                    t.counters.setLong(key, attempt + 1);
                    return null;
                });
            }
        }
    }

    /**
     * Drops row images that a later image of the same inode or block in the batch replaces
     * (a file written in many small writes journals its inode each time).
     */
    static List<JournalFormat.Entry> coalesce(List<JournalFormat.Entry> in) {
        Map<String, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < in.size(); i++) {
            String k = key(in.get(i).bytes());
            if (k != null) {
                lastIndex.put(k, i);
            }
        }
        List<JournalFormat.Entry> out = new ArrayList<>(lastIndex.size());
        for (int i = 0; i < in.size(); i++) {
            String k = key(in.get(i).bytes());
            if (k == null || lastIndex.get(k) == i) {
                out.add(in.get(i));
            }
        }
        return out;
    }

    private static String key(byte[] e) {
        Bytes.Reader r = new Bytes.Reader(e);
        int type = r.u8();
        if (type == JournalEntry.INODE) {
            return "i" + r.i64();
        }
        if (type == JournalEntry.BLOCK) {
            return "b" + HexFormat.of().formatHex(r.bytes());
        }
        return null;
    }

    /** Writes a snapshot of all tables now (after shipping the journal). */
    public void snapshot() throws Exception {
        synchronized (shipLock) {
            flush();
            List<byte[]> chunks = new ArrayList<>();
            long[] upto = new long[1];
            List<String> devs = new ArrayList<>();
            List<Long> next = new ArrayList<>();
            db.commitNow();
            db.run(() -> {
                try (ResultSet rs = db.ps("SELECT seq FROM sqlite_sequence WHERE name = 'journal'").executeQuery()) {
                    upto[0] = rs.next() ? rs.getLong(1) : 0;
                }
                devs.add(device);
                next.add(t.counters.getLong(NEXT_BATCH, 1));
                try (ResultSet rs = db.ps("SELECT key, value FROM meta WHERE key LIKE 'applied/%'").executeQuery()) {
                    while (rs.next()) {
                        devs.add(rs.getString(1).substring(APPLIED.length()));
                        next.add(rs.getLong(2));
                    }
                }
                Bytes.Writer[] cur = {JournalFormat.startChunk()};
                SnapshotDump.dump(t, e -> {
                    cur[0].bytes(e);
                    if (cur[0].size() >= CHUNK_BYTES) {
                        chunks.add(cur[0].toByteArray());
                        cur[0] = JournalFormat.startChunk();
                    }
                });
                chunks.add(cur[0].toByteArray());
                return null;
            });
            List<byte[]> refs = new ArrayList<>();
            for (byte[] c : chunks) {
                BlockRef ref = blocks.put(BlockId.random(), c, 0, c.length);
                refs.add(ref.encode());
            }
            JournalFormat.Snapshot old = readSnapshot(meta, device);
            put(JournalFormat.snapshotName(device), JournalFormat.encodeSnapshot(new JournalFormat.Snapshot(
                    System.currentTimeMillis(), upto[0], blockSize, devs, next, refs)));
            if (old != null) {
                for (byte[] r : old.chunks()) {
                    blocks.delete(BlockRef.decode(r));
                }
            }
            db.run(() -> {
                t.counters.setLong(LAST_SNAPSHOT, System.currentTimeMillis());
                return null;
            });
            log.info("snapshot of the volume written: {} chunks", refs.size());
            dropBatchesBelow(next.get(0));
        }
    }

    /**
     * Deletes this device's batches below {@code next} (the snapshot just stored replays from
     * there). A failure leaves the rest for the next snapshot: the batches are only garbage.
     */
    private void dropBatchesBelow(long next) throws FsException {
        long from = db.tx(() -> t.counters.getLong(COMPACTED_BELOW, 1));
        long n = from;
        try {
            for (; n < next && !closed; n++) {
                String base = JournalFormat.batchName(device, n);
                long attempts = db.tx(() -> t.counters.getLong("attempt/" + base, 0));
                for (int a = 0; a <= attempts; a++) {
                    try {
                        meta.delete(RecordAttempts.name(base, a));
                    } catch (MetadataException e) {
                        if (!RecordAttempts.torn(e)) {
                            throw e;
                        }
                        // a torn attempt can be neither read nor replaced: its few shards stay as garbage
                    }
                }
                if ((n - from) % 64 == 63) {
                    saveCompacted(n + 1);
                }
            }
        } catch (MetadataException e) {
            log.warn("old journal batches could not be deleted now (tried again after the next snapshot): {}",
                    e.getMessage());
        }
        if (n > from) {
            saveCompacted(n);
            log.debug("deleted journal batches {}..{} of device {}", from, n - 1, device);
        }
    }

    private void saveCompacted(long below) throws FsException {
        db.run(() -> {
            t.counters.setLong(COMPACTED_BELOW, below);
            return null;
        });
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
