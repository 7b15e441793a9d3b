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
 * What the store knows of one object: its path, size, SHA-256 and CRC32C of the plaintext,
 * mtime, block size and the references of its blocks in order (docs/FORMATS.md, "Object
 * manifest").
 *
 * @param crc32c the plaintext's CRC32C, or {@link #NO_CRC32C} in a format-1 manifest (written
 *     before it was recorded)
 * @param safe every block was safe when written
 */
public record Manifest(String path, long size, byte[] sha256, long crc32c, Instant modified, int blockSize,
                       List<BlockRef> blocks, boolean safe) {
    static final byte[] MAGIC = "QSOM".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    /** Format 1: the same without the CRC32C. */
    private static final int VERSION_WITHOUT_CRC = 1;
    public static final long NO_CRC32C = -1;
    private static final int FLAG_SAFE = 1;

    public Manifest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
        }
        if (crc32c != NO_CRC32C && (crc32c < 0 || crc32c > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("a CRC32C is 32 bits: " + crc32c);
        }
        sha256 = sha256.clone();
        blocks = List.copyOf(blocks);
    }

    public boolean hasCrc32c() {
        return crc32c != NO_CRC32C;
    }

    /** The same object with other block references (a repair moved some). */
    Manifest withBlocks(List<BlockRef> refs, boolean allSafe) {
        return new Manifest(path, size, sha256, crc32c, modified, blockSize, refs, allSafe);
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
        boolean withCrc = hasCrc32c(); // a format-1 manifest rewritten by a repair stays format 1
        ByteBuffer head = ByteBuffer.allocate(4 + 1 + 1 + 2 + p.length + 8 + 32 + (withCrc ? 4 : 0) + 8 + 4 + 4);
        head.put(MAGIC).put((byte) (withCrc ? VERSION : VERSION_WITHOUT_CRC)).put((byte) (safe ? FLAG_SAFE : 0));
        head.putShort((short) p.length).put(p).putLong(size).put(sha256);
        if (withCrc) {
            head.putInt((int) crc32c);
        }
        head.putLong(modified.toEpochMilli());
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
            if (version != VERSION && version != VERSION_WITHOUT_CRC) {
                throw new ObjectCorruptException("object manifest version " + version
                        + " is not readable by this QSFS (reads " + VERSION_WITHOUT_CRC + " and " + VERSION
                        + "); upgrade QSFS");
            }
            int flags = b.get() & 0xFF;
            byte[] p = new byte[b.getShort() & 0xFFFF];
            b.get(p);
            long size = b.getLong();
            byte[] sha = new byte[32];
            b.get(sha);
            long crc = version == VERSION ? b.getInt() & 0xFFFF_FFFFL : NO_CRC32C;
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
            return new Manifest(new String(p, StandardCharsets.UTF_8), size, sha, crc, mtime, blockSize, refs,
                    (flags & FLAG_SAFE) != 0);
        } catch (BufferUnderflowException e) {
            throw new ObjectCorruptException("object manifest is truncated");
        } catch (BlockRefFormatException e) {
            throw new ObjectCorruptException("object manifest holds an unreadable block reference: " + e.getMessage());
        }
    }
}
