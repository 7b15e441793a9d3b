package org.qsfs.engine.volume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records the journal is shipped in (docs/FORMATS.md, "Volume journal"): batches
 * {@code journal/<device>/<n>}, the snapshot index {@code snap/<device>}, and the device
 * list {@code qsfs/devices}. Values of metadata records, so encrypted and erasure coded.
 */
public final class JournalFormat {
    static final byte[] BATCH_MAGIC = "QSJB".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SNAP_MAGIC = "QSSI".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CHUNK_MAGIC = "QSSC".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DEVICES_MAGIC = "QSDL".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;

    private JournalFormat() {
    }

    public static String batchName(String device, long n) {
        return "journal/" + device + "/" + n;
    }

    public static String snapshotName(String device) {
        return "snap/" + device;
    }

    public static final String DEVICES = "qsfs/devices";

    /** One entry with its sequence number in the device's stream. */
    public record Entry(long seq, byte[] bytes) {
    }

    public static byte[] encodeBatch(String device, long batch, int blockSize, List<Entry> entries) {
        Bytes.Writer w = new Bytes.Writer(64 + entries.size() * 64);
        w.raw(BATCH_MAGIC, 0, 4).u8(VERSION).bytes(device.getBytes(StandardCharsets.UTF_8)).i64(batch).i32(blockSize)
                .i32(entries.size());
        for (Entry e : entries) {
            w.i64(e.seq()).bytes(e.bytes());
        }
        return w.toByteArray();
    }

    /** A decoded batch. */
    public record Batch(String device, long number, int blockSize, List<Entry> entries) {
    }

    public static Batch decodeBatch(byte[] v) {
        Bytes.Reader r = new Bytes.Reader(v);
        check(r, BATCH_MAGIC, "journal batch");
        String dev = new String(r.bytes(), StandardCharsets.UTF_8);
        long n = r.i64();
        int bs = r.i32();
        int count = r.i32();
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(r.i64(), r.bytes()));
        }
        return new Batch(dev, n, bs, entries);
    }

    /**
     * The snapshot index: when, up to which entry of the writing device's stream, where
     * each device's stream continues after it, and the chunks (block references).
     */
    public record Snapshot(long createdMs, long uptoSeq, int blockSize, List<String> devices, List<Long> nextBatch,
                           List<byte[]> chunks) {
    }

    public static byte[] encodeSnapshot(Snapshot s) {
        Bytes.Writer w = new Bytes.Writer(256);
        w.raw(SNAP_MAGIC, 0, 4).u8(VERSION).i64(s.createdMs()).i64(s.uptoSeq()).i32(s.blockSize())
                .i32(s.devices().size());
        for (int i = 0; i < s.devices().size(); i++) {
            w.bytes(s.devices().get(i).getBytes(StandardCharsets.UTF_8)).i64(s.nextBatch().get(i));
        }
        w.i32(s.chunks().size());
        for (byte[] c : s.chunks()) {
            w.bytes(c);
        }
        return w.toByteArray();
    }

    public static Snapshot decodeSnapshot(byte[] v) {
        Bytes.Reader r = new Bytes.Reader(v);
        check(r, SNAP_MAGIC, "snapshot index");
        long created = r.i64();
        long upto = r.i64();
        int bs = r.i32();
        int nd = r.i32();
        List<String> devs = new ArrayList<>();
        List<Long> next = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            devs.add(new String(r.bytes(), StandardCharsets.UTF_8));
            next.add(r.i64());
        }
        int nc = r.i32();
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < nc; i++) {
            chunks.add(r.bytes());
        }
        return new Snapshot(created, upto, bs, devs, next, chunks);
    }

    /** A snapshot chunk (a data block): magic, version, then length-prefixed entries. */
    public static List<byte[]> decodeChunk(byte[] v) {
        Bytes.Reader r = new Bytes.Reader(v);
        check(r, CHUNK_MAGIC, "snapshot chunk");
        List<byte[]> out = new ArrayList<>();
        while (r.hasMore()) {
            out.add(r.bytes());
        }
        return out;
    }

    public static Bytes.Writer startChunk() {
        return new Bytes.Writer(1 << 20).raw(CHUNK_MAGIC, 0, 4).u8(VERSION);
    }

    public static byte[] encodeDevices(List<String> devices) {
        Bytes.Writer w = new Bytes.Writer(64).raw(DEVICES_MAGIC, 0, 4).u8(VERSION).i32(devices.size());
        for (String d : devices) {
            w.bytes(d.getBytes(StandardCharsets.UTF_8));
        }
        return w.toByteArray();
    }

    public static List<String> decodeDevices(byte[] v) {
        Bytes.Reader r = new Bytes.Reader(v);
        check(r, DEVICES_MAGIC, "device list");
        int n = r.i32();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new String(r.bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void check(Bytes.Reader r, byte[] magic, String what) {
        byte[] m = r.raw(4);
        int version = r.u8();
        if (!Arrays.equals(m, magic) || version != VERSION) {
            throw new IllegalArgumentException("not a " + what + " this QSFS reads (magic/version)");
        }
    }
}
