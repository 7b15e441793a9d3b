package org.qsfs.engine.object;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.BlockRefFormatException;

/**
 * What the store knows of one object: its path, size, SHA-256 of the plaintext, mtime,
 * block size and the references of its blocks in order (docs/FORMATS.md, "Object manifest").
 *
 * @param safe every block was safe when written
 */
public record Manifest(String path, long size, byte[] sha256, Instant modified, int blockSize, List<BlockRef> blocks,
                       boolean safe) {
    static final byte[] MAGIC = "QSOM".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int FLAG_SAFE = 1;

    public Manifest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
        }
        sha256 = sha256.clone();
        blocks = List.copyOf(blocks);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + blocks.size() * 128);
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        ByteBuffer head = ByteBuffer.allocate(4 + 1 + 1 + 2 + p.length + 8 + 32 + 8 + 4 + 4);
        head.put(MAGIC).put((byte) VERSION).put((byte) (safe ? FLAG_SAFE : 0));
        head.putShort((short) p.length).put(p).putLong(size).put(sha256).putLong(modified.toEpochMilli());
        head.putInt(blockSize).putInt(blocks.size());
        out.writeBytes(head.array());
        for (BlockRef ref : blocks) {
            byte[] r = ref.encode();
            out.writeBytes(ByteBuffer.allocate(4).putInt(r.length).array());
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    static Manifest decode(byte[] bytes) throws ObjectCorruptException {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[4];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ObjectCorruptException("the record is not an object manifest (bad magic)");
            }
            int version = b.get() & 0xFF;
            if (version != VERSION) {
                throw new ObjectCorruptException("object manifest version " + version
                        + " is not readable by this QSFS (reads " + VERSION + "); upgrade QSFS");
            }
            int flags = b.get() & 0xFF;
            byte[] p = new byte[b.getShort() & 0xFFFF];
            b.get(p);
            long size = b.getLong();
            byte[] sha = new byte[32];
            b.get(sha);
            Instant mtime = Instant.ofEpochMilli(b.getLong());
            int blockSize = b.getInt();
            int count = b.getInt();
            if (count < 0 || size < 0) {
                throw new ObjectCorruptException("object manifest has impossible values");
            }
            List<BlockRef> refs = new ArrayList<>(Math.min(count, 1 << 16));
            for (int i = 0; i < count; i++) {
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw new ObjectCorruptException("object manifest is truncated at block " + i);
                }
                byte[] r = new byte[len];
                b.get(r);
                refs.add(BlockRef.decode(r));
            }
            if (b.hasRemaining()) {
                throw new ObjectCorruptException("object manifest has " + b.remaining() + " trailing bytes");
            }
            return new Manifest(new String(p, StandardCharsets.UTF_8), size, sha, mtime, blockSize, refs,
                    (flags & FLAG_SAFE) != 0);
        } catch (BufferUnderflowException e) {
            throw new ObjectCorruptException("object manifest is truncated");
        } catch (BlockRefFormatException e) {
            throw new ObjectCorruptException("object manifest holds an unreadable block reference: " + e.getMessage());
        }
    }
}
