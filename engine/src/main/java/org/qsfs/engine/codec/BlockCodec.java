package org.qsfs.engine.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.crypto.BlockCipher;
import org.qsfs.engine.crypto.IntegrityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a block into {@code k+m} stored shards and back (docs/FORMATS.md, "Block
 * envelope" and "Shard"): compress when it helps, pad, encrypt with the block's
 * identity as associated data, split with Reed-Solomon, put a checksummed header on
 * each shard. Reading verifies each shard's checksum, treats a bad one as missing,
 * needs any {@code k}, then verifies the GCM tag and decompresses.
 *
 * <p>Keeps its scratch buffers between calls (the compression output, the envelope,
 * spare shards for reconstruction), so steady-state encoding allocates only the shard
 * arrays, and not even those when the caller hands back a previous {@link EncodedBlock} or
 * lends them from a pool ({@link ShardArrays}).
 * Not thread-safe: use one per thread.
 */
public final class BlockCodec implements AutoCloseable {
    /** Shard bodies are a multiple of this, so backends learn sizes only this coarsely. */
    public static final int SHARD_ALIGNMENT = 64;

    static final byte[] MAGIC = "QSBK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int ENVELOPE_HEADER = 5; // magic + version, before the sealed part
    static final int INNER_HEADER = 9; // flags, body length, original length
    static final int FLAG_ZSTD = 1;
    private static final int NOT_TRIED = Compressor.NOT_COMPRESSED;
    private static final byte[] ZEROS = new byte[4096];
    /** Envelope bytes that are not body: envelope header, nonce, tag, inner header. */
    static final int OVERHEAD = ENVELOPE_HEADER + BlockCipher.OVERHEAD + INNER_HEADER;

    private static final Logger log = LoggerFactory.getLogger(BlockCodec.class);

    private final BlockCipher cipher;
    private final Compressor compressor;
    private final ErasureCodec erasure;
    private final int k;
    private final int m;

    /** Heap scratch: zstd output, and compressed bodies on their way to zstd. */
    private byte[] inner = new byte[0];
    /**
     * The inner block and the envelope live in direct memory: AES-GCM over direct buffers is
     * 10-20x faster than over large heap arrays on JDK 17, and keeping them there saves the
     * copies into and out of the cipher's own direct buffers.
     */
    private ByteBuffer directInner = ByteBuffer.allocateDirect(0);
    private ByteBuffer directEnvelope = ByteBuffer.allocateDirect(0);
    private byte[][] spare = new byte[0][];

    /**
     * @param k data shards per block
     * @param m parity shards per block: any {@code m} shards may be lost
     */
    public BlockCodec(BlockCipher cipher, Compressor compressor, ErasureCodec erasure, int k, int m) {
        ReedSolomonCodec.check(k, m);
        this.cipher = cipher;
        this.compressor = compressor;
        this.erasure = erasure;
        this.k = k;
        this.m = m;
    }

    public EncodedBlock encode(BlockId id, byte[] data, int off, int len) {
        return encode(id, data, off, len, ShardArrays.FRESH);
    }

    /**
     * Encodes {@code data[off, off+len)} as block {@code id}.
     *
     * @param reuse a previous result whose shard arrays may be overwritten and returned
     *     again when they are large enough (they must no longer be in use), or null
     */
    public EncodedBlock encode(BlockId id, byte[] data, int off, int len, EncodedBlock reuse) {
        return encode(id, data, off, len, (count, length) -> fits(reuse, count, length) ? reuse.buffers()
                : new byte[count][length]);
    }

    /** Encodes {@code data[off, off+len)} as block {@code id} into arrays from {@code arrays}. */
    public EncodedBlock encode(BlockId id, byte[] data, int off, int len, ShardArrays arrays) {
        // Compress into the heap scratch (zstd wants arrays there), then move only the body into
        // the direct inner block; an incompressible body goes there straight from the caller.
        int compressed = NOT_TRIED;
        if (len > 0) {
            inner = grow(inner, INNER_HEADER + Compressor.maxCompressedLength(len));
            compressed = compressor.compress(data, off, len, inner, INNER_HEADER);
        }
        boolean zstd = compressed >= 0;
        int bodyLength = zstd ? compressed : len;

        int shardSize = shardSizeFor(bodyLength, k);
        int envelopeLength = k * shardSize;
        int innerLength = envelopeLength - ENVELOPE_HEADER - BlockCipher.OVERHEAD;
        directInner = growDirect(directInner, innerLength);
        directInner.clear();
        directInner.put((byte) (zstd ? FLAG_ZSTD : 0)).putInt(bodyLength).putInt(len);
        if (zstd) {
            directInner.put(inner, INNER_HEADER, bodyLength);
        } else {
            directInner.put(data, off, len);
        }
        while (directInner.position() < innerLength) { // padding: zeros up to the shard boundary
            directInner.put(ZEROS, 0, Math.min(ZEROS.length, innerLength - directInner.position()));
        }
        directInner.flip();

        directEnvelope = growDirect(directEnvelope, envelopeLength);
        directEnvelope.clear();
        directEnvelope.put(MAGIC).put((byte) VERSION);
        cipher.seal(aad(id), directInner, directEnvelope);

        byte[][] shards = arrays.take(k + m, ShardHeader.LENGTH + shardSize);
        for (int i = 0; i < k; i++) {
            directEnvelope.get(i * shardSize, shards[i], ShardHeader.LENGTH, shardSize);
        }
        erasure.encodeParity(shards, ShardHeader.LENGTH, shardSize, k, m);
        int[] checksums = new int[k + m];
        for (int i = 0; i < k + m; i++) {
            checksums[i] = ShardHeader.writeInto(shards[i], k, m, i, shardSize).bodyCrc();
        }
        return new EncodedBlock(shards, k, m, shardSize, checksums);
    }

    /** Shard body size for a body of {@code bodyLength}: smallest aligned size that fits. */
    static int shardSizeFor(int bodyLength, int k) {
        long needed = (long) OVERHEAD + bodyLength;
        long perShard = (needed + k - 1) / k;
        long aligned = (perShard + SHARD_ALIGNMENT - 1) / SHARD_ALIGNMENT * SHARD_ALIGNMENT;
        if (aligned * k > Integer.MAX_VALUE - ShardHeader.LENGTH) {
            throw new IllegalArgumentException("block too large: " + bodyLength + " bytes");
        }
        return (int) aligned;
    }

    public DecodedBlock decode(BlockId id, byte[][] storedShards)
            throws NotEnoughShardsException, IntegrityException, BlockFormatException {
        return decode(id, storedShards, null);
    }

    /**
     * Reads block {@code id} back from its stored shards.
     *
     * @param storedShards one slot per shard index, {@code null} where a shard is missing;
     *     the arrays are only read
     * @param expectedChecksums the body checksums recorded when the block was written
     *     (a shard that verifies on its own but differs is from elsewhere), or null
     * @throws NotEnoughShardsException fewer than {@code k} shards verify; names them
     * @throws IntegrityException the GCM tag fails: wrong key, or shards of another block
     * @throws BlockFormatException an authentic block in a format this version cannot read
     */
    public DecodedBlock decode(BlockId id, byte[][] storedShards, int[] expectedChecksums)
            throws NotEnoughShardsException, IntegrityException, BlockFormatException {
        return decode(id, storedShards, expectedChecksums, false, null);
    }

    /**
     * As {@link #decode(BlockId, byte[][], int[])} for shards whose bodies the caller has just
     * verified against these checksums (the block store's reader does, shard by shard): the
     * headers are still checked, the bodies' CRC is not computed a second time.
     */
    public DecodedBlock decodeVerified(BlockId id, byte[][] verifiedShards, int[] expectedChecksums)
            throws NotEnoughShardsException, IntegrityException, BlockFormatException {
        return decode(id, verifiedShards, expectedChecksums, true, null);
    }

    /**
     * As {@link #decodeVerified(BlockId, byte[][], int[])}, the block's bytes written into
     * {@code into} when the block is exactly {@code into.length} bytes long (then
     * {@link DecodedBlock#data()} is {@code into}), else into a new array.
     */
    public DecodedBlock decodeVerified(BlockId id, byte[][] verifiedShards, int[] expectedChecksums, byte[] into)
            throws NotEnoughShardsException, IntegrityException, BlockFormatException {
        return decode(id, verifiedShards, expectedChecksums, true, into);
    }

    private DecodedBlock decode(BlockId id, byte[][] storedShards, int[] expectedChecksums, boolean bodiesVerified,
            byte[] into) throws NotEnoughShardsException, IntegrityException, BlockFormatException {
        int n = storedShards.length;
        List<Integer> missing = new ArrayList<>();
        Map<Integer, String> corrupt = new HashMap<>();
        ShardHeader[] headers = new ShardHeader[n];
        for (int i = 0; i < n; i++) {
            byte[] s = storedShards[i];
            if (s == null) {
                missing.add(i);
                continue;
            }
            try {
                ShardHeader h = bodiesVerified ? ShardHeader.readHeader(s, s.length) : ShardHeader.verify(s, s.length);
                if (h.index() != i) {
                    throw new CorruptShardException("slot " + i + " holds shard " + h.index());
                }
                if (expectedChecksums != null && expectedChecksums[i] != h.bodyCrc()) {
                    throw new CorruptShardException("checksum differs from the block's record");
                }
                headers[i] = h;
            } catch (CorruptShardException e) {
                corrupt.put(i, e.getMessage());
            }
        }
        ShardHeader shape = agreedShape(headers, n, corrupt);
        int needed = shape == null ? 0 : shape.k();
        boolean[] present = new boolean[n];
        int usable = 0;
        for (int i = 0; i < n; i++) {
            present[i] = headers[i] != null;
            usable += present[i] ? 1 : 0;
        }
        if (shape == null || usable < shape.k()) {
            throw new NotEnoughShardsException(id.toString(), needed, n, missing, corrupt);
        }
        if (!corrupt.isEmpty()) {
            log.debug("block {}: ignoring corrupt shards {}", id, new TreeMap<>(corrupt));
        }

        int bk = shape.k();
        int shardSize = shape.bodyLength();
        byte[][] work = reconstructionBuffers(storedShards, present, ShardHeader.LENGTH + shardSize);
        if (!allDataShardsPresent(present, bk)) {
            erasure.reconstructData(work, present, ShardHeader.LENGTH, shardSize, bk, shape.m()); // parity unused
        }
        int envelopeLength = bk * shardSize;
        directEnvelope = growDirect(directEnvelope, envelopeLength);
        for (int i = 0; i < bk; i++) {
            directEnvelope.put(i * shardSize, work[i], ShardHeader.LENGTH, shardSize);
        }
        byte[] data = open(id, envelopeLength, into);
        return new DecodedBlock(data, List.copyOf(missing), new TreeMap<>(corrupt));
    }

    private byte[] open(BlockId id, int envelopeLength, byte[] into) throws IntegrityException, BlockFormatException {
        ByteBuffer env = directEnvelope;
        boolean magic = envelopeLength >= OVERHEAD;
        for (int i = 0; magic && i < MAGIC.length; i++) {
            magic = env.get(i) == MAGIC[i];
        }
        if (!magic) {
            throw new IntegrityException("block " + id + ": its shards do not hold a QSFS block envelope");
        }
        if (env.get(4) != VERSION) {
            throw new BlockFormatException("block " + id + " has envelope version " + (env.get(4) & 0xFF)
                    + " but this QSFS reads only version " + VERSION + "; upgrade QSFS");
        }
        directInner = growDirect(directInner, envelopeLength);
        directInner.clear();
        env.limit(envelopeLength).position(ENVELOPE_HEADER);
        int innerLength;
        try {
            innerLength = cipher.open(aad(id), env, directInner);
        } catch (IntegrityException e) {
            throw new IntegrityException("block " + id + " failed authentication: it was encrypted under another"
                    + " key (check that the volume's key is loaded) or its shards belong to another block", e);
        } finally {
            env.clear();
        }
        ByteBuffer in = directInner;
        int flags = in.get(0) & 0xFF;
        int bodyLength = in.getInt(1);
        int originalLength = in.getInt(5);
        if ((flags & ~FLAG_ZSTD) != 0 || bodyLength < 0 || originalLength < 0
                || bodyLength > innerLength - INNER_HEADER
                || ((flags & FLAG_ZSTD) == 0 && bodyLength != originalLength)) {
            throw new BlockFormatException("block " + id + " has an inner header this QSFS does not understand"
                    + " (flags " + flags + ", body " + bodyLength + ", length " + originalLength + ")");
        }
        byte[] data = into != null && into.length == originalLength ? into : new byte[originalLength];
        if ((flags & FLAG_ZSTD) != 0) {
            inner = grow(inner, bodyLength);
            in.get(INNER_HEADER, inner, 0, bodyLength);
            compressor.decompress(inner, 0, bodyLength, data, 0, originalLength);
        } else {
            in.get(INNER_HEADER, data, 0, originalLength);
        }
        return data;
    }

    /**
     * The (k, m, size) most verified shards agree on, with slot count k+m; shards that
     * disagree are marked corrupt. Null when no shard verified.
     */
    private static ShardHeader agreedShape(ShardHeader[] headers, int n, Map<Integer, String> corrupt) {
        Map<Long, Integer> votes = new HashMap<>();
        ShardHeader best = null;
        int bestVotes = 0;
        for (ShardHeader h : headers) {
            if (h == null || h.k() + h.m() != n) {
                continue;
            }
            int v = votes.merge(shapeKey(h), 1, Integer::sum);
            if (v > bestVotes) {
                best = h;
                bestVotes = v;
            }
        }
        for (int i = 0; i < n; i++) {
            ShardHeader h = headers[i];
            if (h != null && (best == null || shapeKey(h) != shapeKey(best))) {
                corrupt.put(i, "k, m or size disagree with the block's other shards");
                headers[i] = null;
            }
        }
        return best;
    }

    private static long shapeKey(ShardHeader h) {
        return ((long) h.k() << 48) | ((long) h.m() << 36) | (h.bodyLength() & 0xFFFFFFFFL);
    }

    private static boolean allDataShardsPresent(boolean[] present, int k) {
        for (int i = 0; i < k; i++) {
            if (!present[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Present shards as given (only read), our own spare buffers for the rest. The
     * Reed-Solomon library wants arrays of one length, so a present array of another
     * length (a caller's roomy buffer) is copied, and spares match that length.
     */
    private byte[][] reconstructionBuffers(byte[][] stored, boolean[] present, int needed) {
        int length = needed;
        for (int i = 0; i < stored.length; i++) {
            if (present[i]) {
                length = stored[i].length;
                break;
            }
        }
        if (spare.length < stored.length) {
            spare = Arrays.copyOf(spare, stored.length);
        }
        byte[][] work = new byte[stored.length][];
        for (int i = 0; i < stored.length; i++) {
            if (present[i]) {
                work[i] = stored[i].length == length ? stored[i] : Arrays.copyOf(stored[i], length);
            } else {
                if (spare[i] == null || spare[i].length != length) {
                    spare[i] = new byte[length];
                }
                work[i] = spare[i];
            }
        }
        return work;
    }

    /** Whether the caller's previous buffers fit: as many, all one length, long enough. */
    private static boolean fits(EncodedBlock reuse, int count, int length) {
        if (reuse == null || reuse.shardCount() != count) {
            return false;
        }
        byte[][] old = reuse.buffers();
        boolean fits = true;
        for (byte[] b : old) {
            fits &= b != null && b.length >= length && b.length == old[0].length;
        }
        return fits;
    }

    private static byte[] aad(BlockId id) {
        byte[] aad = new byte[MAGIC.length + 2 + id.length()];
        System.arraycopy(MAGIC, 0, aad, 0, MAGIC.length);
        aad[4] = (byte) VERSION;
        aad[5] = (byte) id.length();
        id.copyTo(aad, 6);
        return aad;
    }

    private static ByteBuffer growDirect(ByteBuffer buf, int length) {
        return buf.capacity() >= length ? buf : ByteBuffer.allocateDirect(length);
    }

    private static byte[] grow(byte[] buf, int length) {
        return buf != null && buf.length >= length ? buf : new byte[length];
    }

    /** Frees the compressor's native memory. */
    @Override
    public void close() {
        compressor.close();
    }
}
