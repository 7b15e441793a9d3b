package org.qsfs.engine.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.qsfs.engine.block.BlockId;

/**
 * Everything needed to find a block again and verify it: its id, the code shape, shard
 * size, plaintext length, and for each shard the backend and key (or "not placed").
 * Encoded as in docs/FORMATS.md, "Block reference"; stored only inside encrypted metadata.
 *
 * @param shards one entry per shard index {@code 0..k+m-1}; null where not placed
 * @param safe whether all shards were stored and their placement kept the policy when written
 */
public record BlockRef(BlockId blockId, int k, int m, int shardSize, int length, List<ShardLocation> shards,
                       boolean safe) {
    static final byte[] MAGIC = "QSBR".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int FLAG_SAFE = 1;
    private static final int KIND_NONE = 0;
    private static final int KIND_DERIVED = 1;
    private static final int KIND_EXPLICIT = 2;

    public BlockRef {
        Objects.requireNonNull(blockId, "blockId");
        if (k < 1 || m < 0 || k + m > 256) {
            throw new IllegalArgumentException("impossible code shape k=" + k + " m=" + m);
        }
        if (shards.size() != k + m) {
            throw new IllegalArgumentException("expected " + (k + m) + " shard entries, got " + shards.size());
        }
        if (shardSize < 0 || length < 0) {
            throw new IllegalArgumentException("negative size");
        }
        shards = Collections.unmodifiableList(new ArrayList<>(shards));
    }

    /** The location of shard {@code index}, or null when it was not placed. */
    public ShardLocation shard(int index) {
        return shards.get(index);
    }

    /** How many shards were stored. */
    public int placedCount() {
        int n = 0;
        for (ShardLocation s : shards) {
            n += s == null ? 0 : 1;
        }
        return n;
    }

    /** The same reference with shard {@code index} at a new location (for repair). */
    public BlockRef withShard(int index, ShardLocation location, boolean nowSafe) {
        List<ShardLocation> copy = new ArrayList<>(shards);
        copy.set(index, location);
        return new BlockRef(blockId, k, m, shardSize, length, copy, nowSafe);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + shards.size() * 24);
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.write(safe ? FLAG_SAFE : 0);
        out.write(blockId.length());
        out.writeBytes(blockId.toBytes());
        out.write(k);
        out.write(m);
        writeInt(out, shardSize);
        writeInt(out, length);
        for (ShardLocation s : shards) {
            if (s == null) {
                out.write(KIND_NONE);
                continue;
            }
            out.write(s.derived() ? KIND_DERIVED : KIND_EXPLICIT);
            byte[] id = s.backendId().getBytes(StandardCharsets.UTF_8);
            out.write(id.length);
            out.writeBytes(id);
            if (!s.derived()) {
                byte[] key = s.key();
                out.write(key.length);
                out.writeBytes(key);
            }
            writeInt(out, s.bodyChecksum());
        }
        return out.toByteArray();
    }

    public static BlockRef decode(byte[] bytes) throws BlockRefFormatException {
        return decode(ByteBuffer.wrap(bytes), true);
    }

    /**
     * Reads one reference at the buffer's position and advances past it.
     *
     * @param whole true when the reference must end exactly at the buffer's limit
     */
    public static BlockRef decode(ByteBuffer in, boolean whole) throws BlockRefFormatException {
        try {
            byte[] magic = new byte[4];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new BlockRefFormatException("not a block reference (bad magic)");
            }
            int version = in.get() & 0xFF;
            if (version != VERSION) {
                throw new BlockRefFormatException("block reference version " + version
                        + " is not readable by this QSFS (reads " + VERSION + "); upgrade QSFS");
            }
            int flags = in.get() & 0xFF;
            if ((flags & ~FLAG_SAFE) != 0) {
                throw new BlockRefFormatException("block reference has unknown flags " + flags);
            }
            byte[] id = new byte[in.get() & 0xFF];
            in.get(id);
            int k = in.get() & 0xFF;
            int m = in.get() & 0xFF;
            int shardSize = in.getInt();
            int length = in.getInt();
            if (id.length == 0 || k < 1 || k + m > 256 || shardSize < 0 || length < 0) {
                throw new BlockRefFormatException("block reference has impossible values (id " + id.length
                        + " bytes, k=" + k + ", m=" + m + ")");
            }
            List<ShardLocation> shards = new ArrayList<>(k + m);
            for (int i = 0; i < k + m; i++) {
                int kind = in.get() & 0xFF;
                if (kind == KIND_NONE) {
                    shards.add(null);
                    continue;
                }
                if (kind != KIND_DERIVED && kind != KIND_EXPLICIT) {
                    throw new BlockRefFormatException("block reference shard " + i + " has unknown kind " + kind);
                }
                byte[] backend = new byte[in.get() & 0xFF];
                in.get(backend);
                byte[] key = null;
                if (kind == KIND_EXPLICIT) {
                    key = new byte[in.get() & 0xFF];
                    in.get(key);
                }
                int crc = in.getInt();
                if (backend.length == 0 || (key != null && key.length == 0)) {
                    throw new BlockRefFormatException("block reference shard " + i + " has an empty backend id or key");
                }
                shards.add(new ShardLocation(new String(backend, StandardCharsets.UTF_8), key, crc));
            }
            if (whole && in.hasRemaining()) {
                throw new BlockRefFormatException("block reference has " + in.remaining() + " trailing bytes");
            }
            return new BlockRef(BlockId.of(id), k, m, shardSize, length, shards, (flags & FLAG_SAFE) != 0);
        } catch (BufferUnderflowException e) {
            throw new BlockRefFormatException("block reference is truncated");
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    @Override
    public String toString() {
        return "BlockRef[" + blockId + ", k=" + k + ", m=" + m + ", " + length + " bytes, " + placedCount() + "/"
                + (k + m) + " placed" + (safe ? ", safe" : ", NOT safe") + "]";
    }
}
