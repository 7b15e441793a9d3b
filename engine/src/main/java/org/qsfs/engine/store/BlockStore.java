package org.qsfs.engine.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.codec.BlockCodec;
import org.qsfs.engine.codec.BlockFormatException;
import org.qsfs.engine.codec.Compressor;
import org.qsfs.engine.codec.EncodedBlock;
import org.qsfs.engine.codec.NotEnoughShardsException;
import org.qsfs.engine.codec.ReedSolomonCodec;
import org.qsfs.engine.codec.ShardArrays;
import org.qsfs.engine.codec.ShardHeader;
import org.qsfs.engine.crypto.BlockCipher;
import org.qsfs.engine.crypto.IntegrityException;
import org.qsfs.engine.crypto.KeyPurpose;
import org.qsfs.engine.crypto.SubKey;
import org.qsfs.engine.placement.PlacementPolicy;
import org.qsfs.engine.zdb.SetReply;
import org.qsfs.engine.zdb.ZdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layer 2: puts a block as {@code k+m} encrypted shards on distinct backends and gets it
 * back from any {@code k}. See {@link ShardWriter} (parallel writes, re-placement, safety)
 * and {@link ShardReader} (fastest first, verification, repair reports).
 *
 * <p>In a user-mode namespace a shard is stored under {@link ShardKeys}' key; in a
 * sequential one the backend's id is recorded in the {@link BlockRef}. Thread-safe: many
 * blocks may be put and got at once; the executor bounds the shard I/O.
 */
public final class BlockStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockStore.class);
    /** The key of a SET that appends to a sequential namespace. */
    private static final byte[] APPEND = new byte[0];
    /** Idle shard arrays kept for the next puts and gets: four sets of a 4 MiB block's 4+2 shards. */
    private static final long IDLE_SHARD_BYTES = 4L * 6 * ((4 << 20) / 4 + 4096);

    private final BackendRegistry backends;
    private final ShardKeys keys;
    private final CodecPool codecs;
    private final ShardArrayPool shardArrays = new ShardArrayPool(IDLE_SHARD_BYTES);
    private final ShardWriter writer;
    private final ShardBatchWriter batchWriter;
    private final ShardReader reader;
    private final ExecutorService executor;
    private final RepairListener repair;
    private final int k;
    private final int m;

    /**
     * @param dataKey the DATA subkey (encrypts blocks)
     * @param shardIdKey the SHARD_ID subkey (derives shard keys in user-mode namespaces)
     * @param executor runs shard I/O; its size bounds concurrent backend requests. Not shut
     *     down by {@link #close()}: the owner does that.
     */
    public BlockStore(BackendRegistry backends, PlacementPolicy policy, SubKey dataKey, SubKey shardIdKey,
            ExecutorService executor, BlockStoreOptions options, RepairListener repair) {
        if (dataKey.purpose() != KeyPurpose.DATA) {
            throw new IllegalArgumentException("blocks are encrypted with the DATA subkey, not " + dataKey.purpose());
        }
        this.backends = backends;
        this.keys = new ShardKeys(shardIdKey);
        this.k = policy.k();
        this.m = policy.m();
        ReedSolomonCodec erasure = new ReedSolomonCodec();
        this.codecs = new CodecPool(() -> new BlockCodec(new BlockCipher(dataKey), new Compressor(), erasure, k, m));
        ShardIo io = new ShardIo(backends);
        this.executor = executor;
        this.repair = repair == null ? RepairListener.NONE : repair;
        this.writer = new ShardWriter(io, policy, executor, options);
        this.batchWriter = new ShardBatchWriter(io, writer, executor, options);
        this.reader = new ShardReader(io, keys, executor, options, this.repair);
    }

    public BackendRegistry backends() {
        return backends;
    }

    public PlacementPolicy policy() {
        return writer.policy();
    }

    /**
     * Stores {@code data[off, off+len)} as block {@code id}.
     *
     * @return where the shards went; {@link BlockRef#safe()} tells whether the block survives
     *     the policy's losses. A block stored on at least {@code k} but fewer than {@code k+m}
     *     backends is returned not safe (and its unplaced shards reported for repair).
     * @throws NotEnoughBackendsException fewer than {@code k} shards could be stored; nothing
     *     was kept, the message names each failed shard and why
     */
    public BlockRef put(BlockId id, byte[] data, int off, int len) throws NotEnoughBackendsException,
            InterruptedException {
        Encoded e = encode(id, data, off, len, shardArrays);
        ShardBatchWriter.Block b = e.block();
        ShardWriter.Result r = writer.write(id, b.shards(), b.checksums(), b.op(), b.undo(), true);
        if (r.attemptsOver()) {
            shardArrays.give(b.shards()); // written (or refused): nothing reads them any more
        }
        return finish(e, len, r);
    }

    /** One block for {@link #putAll}: {@code data[off, off+len)} as block {@code id}. */
    public record Put(BlockId id, byte[] data, int off, int len) {
    }

    /** What became of one block of {@link #putAll}: its reference, or why nothing was kept. */
    public record Stored(BlockRef ref, NotEnoughBackendsException failure) {
    }

    /**
     * Stores several blocks as {@link #put} does each, with each backend's shards of all of them
     * written in one batch ({@link ShardBatchWriter}): for small blocks, where the round trip per
     * shard costs more than the bytes. Each block's outcome is its own.
     */
    public List<Stored> putAll(List<Put> puts) throws InterruptedException {
        List<Encoded> encoded = new ArrayList<>(puts.size());
        List<ShardBatchWriter.Block> blocks = new ArrayList<>(puts.size());
        for (Put p : puts) {
            Encoded e = encode(p.id(), p.data(), p.off(), p.len(), ShardArrays.FRESH);
            encoded.add(e);
            blocks.add(e.block());
        }
        List<ShardWriter.Result> results = batchWriter.write(blocks, this::writeBatch, true);
        List<Stored> out = new ArrayList<>(puts.size());
        for (int i = 0; i < puts.size(); i++) {
            try {
                out.add(new Stored(finish(encoded.get(i), puts.get(i).len(), results.get(i)), null));
            } catch (NotEnoughBackendsException e) {
                out.add(new Stored(null, e));
            }
        }
        return out;
    }

    /** An encoded block, with how to write one of its shards and undo it. */
    private record Encoded(ShardBatchWriter.Block block, int shardSize) {
    }

    private Encoded encode(BlockId id, byte[] data, int off, int len, ShardArrays arrays) {
        EncodedBlock enc;
        BlockCodec codec = codecs.borrow();
        try {
            enc = codec.encode(id, data, off, len, arrays);
        } finally {
            codecs.release(codec);
        }
        ShardWriter.Op op = (b, index, shard, crc) -> {
            if (b.mode() == NamespaceMode.USER) {
                b.namespace().set(keys.keyFor(id, index), shard);
                return ShardLocation.derived(b.id(), crc);
            }
            return ShardLocation.explicit(b.id(), b.namespace().append(shard), crc);
        };
        ShardWriter.Undo undo = (b, index, loc) -> b.namespace().delete(keyOf(id, index, loc));
        // the shards are this call's own arrays (exact length, lent to no one else): no copy needed
        return new Encoded(new ShardBatchWriter.Block(id, enc.shards(), enc.bodyChecksums(), op, undo), enc.shardSize());
    }

    /** Several blocks' shards on one backend in one pipelined exchange (as {@code op} writes one). */
    private void writeBatch(StoreBackend b, List<ShardBatchWriter.Shard> shards, ShardLocation[] locations,
            ZdbException[] refusals) throws ZdbException {
        boolean user = b.mode() == NamespaceMode.USER;
        List<byte[]> ids = new ArrayList<>(shards.size());
        List<byte[]> values = new ArrayList<>(shards.size());
        for (ShardBatchWriter.Shard s : shards) {
            ids.add(user ? keys.keyFor(s.block(), s.index()) : APPEND);
            values.add(s.bytes());
        }
        SetReply[] replies = new SetReply[shards.size()];
        try {
            b.namespace().setAll(ids, values, replies);
        } finally {
            // what was acknowledged before a failure is stored: the writer keeps it
            for (int i = 0; i < replies.length; i++) {
                SetReply r = replies[i];
                if (r == null) {
                    continue;
                }
                int crc = shards.get(i).checksum();
                if (!r.ok()) {
                    refusals[i] = r.error();
                } else {
                    locations[i] = user ? ShardLocation.derived(b.id(), crc) : ShardLocation.explicit(b.id(), r.id(), crc);
                }
            }
        }
    }

    /** The reference of a written block, or the error when fewer than k shards were stored. */
    private BlockRef finish(Encoded e, int len, ShardWriter.Result r) throws NotEnoughBackendsException {
        ShardBatchWriter.Block b = e.block();
        BlockId id = b.id();
        int placed = r.placedCount();
        if (placed < k) {
            writer.discardAll(r, b.undo());
            throw new NotEnoughBackendsException(failureMessage(id, placed, r.failures()), r.failures());
        }
        BlockRef ref = new BlockRef(id, k, m, e.shardSize(), len, Arrays.asList(r.locations()), r.safe());
        if (!r.safe()) {
            log.warn("block {} stored degraded ({} of {} shards on {} backends{}); it is readable but not safe"
                    + " until repaired", id, placed, k + m, distinctBackends(r), r.failures().isEmpty() ? ""
                    : "; " + r.failures());
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < k + m; i++) {
                if (r.locations()[i] == null) {
                    repair.shardProblem(new ShardProblem(ref, i, null, ShardProblem.Kind.NOT_PLACED,
                            r.failures().getOrDefault(i, "")));
                } else if (!seen.add(r.backends()[i].id())) {
                    repair.shardProblem(new ShardProblem(ref, i, r.backends()[i].id(), ShardProblem.Kind.MISPLACED,
                            "shares its backend with another shard of the block"));
                }
            }
        }
        return ref;
    }

    /**
     * Reads a block back, verified.
     *
     * @throws NotEnoughShardsException fewer than {@code k} shards could be fetched and verified;
     *     the message names each unusable shard and why
     * @throws IntegrityException the shards verify but the block does not authenticate: the
     *     wrong key is loaded (or shards were forged consistently)
     * @throws BlockFormatException written by a newer QSFS
     */
    public byte[] get(BlockRef ref) throws NotEnoughShardsException, IntegrityException, BlockFormatException,
            InterruptedException {
        return get(ref, null);
    }

    /**
     * As {@link #get(BlockRef)}, the block read into {@code into} (returned) when it is exactly
     * {@code into.length} bytes long, else into a new array: for callers that reuse their block
     * buffers, saving a fresh zeroed array per block.
     */
    public byte[] get(BlockRef ref, byte[] into) throws NotEnoughShardsException, IntegrityException,
            BlockFormatException, InterruptedException {
        // the replies are read into lent arrays (each shard of a block has one stored length)
        byte[][] replies = shardArrays.take(ref.k() + ref.m(), ShardHeader.LENGTH + ref.shardSize());
        ShardReader.Fetched fetched = reader.fetch(ref, replies);
        int[] expected = new int[ref.k() + ref.m()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = ref.shard(i) == null ? 0 : ref.shard(i).bodyChecksum();
        }
        BlockCodec codec = codecs.borrow();
        try {
            // the reader checked each body
            return codec.decodeVerified(ref.blockId(), fetched.shards(), expected, into).data();
        } finally {
            codecs.release(codec);
            if (fetched.attemptsOver()) {
                shardArrays.give(replies); // decoded (or not): nothing reads or writes them any more
            }
        }
    }

    /**
     * Deletes a block's shards from their backends, in parallel.
     *
     * @return the number of shards that could not be deleted (unreachable backends); their
     *     space is reclaimed only when the backend is cleaned up
     */
    public int delete(BlockRef ref) throws InterruptedException {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < ref.k() + ref.m(); i++) {
            ShardLocation loc = ref.shard(i);
            StoreBackend b = loc == null ? null : backends.get(loc.backendId());
            if (b == null) {
                continue;
            }
            int index = i;
            futures.add(executor.submit(() -> b.namespace().delete(keyOf(ref.blockId(), index, loc))));
        }
        int failed = 0;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failed++;
                log.warn("block {}: could not delete a shard: {}", ref.blockId(), e.getCause().getMessage());
            }
        }
        return failed;
    }

    private static long distinctBackends(ShardWriter.Result r) {
        return Arrays.stream(r.backends()).filter(java.util.Objects::nonNull).map(StoreBackend::id).distinct().count();
    }

    /** The key a shard is stored under on its backend. */
    public byte[] keyOf(BlockId id, int index, ShardLocation loc) {
        return loc.derived() ? keys.keyFor(id, index) : loc.key();
    }

    private String failureMessage(BlockId id, int placed, Map<Integer, String> failures) {
        StringBuilder sb = new StringBuilder("block ").append(id).append(": only ").append(placed)
                .append(placed == 1 ? " shard" : " shards").append(" of ").append(k + m).append(" could be stored and ")
                .append(k).append(" are needed to read it");
        sb.append(", so it would not be readable and nothing was kept. Failed shards: ");
        String sep = "";
        for (Map.Entry<Integer, String> e : failures.entrySet()) {
            sb.append(sep).append("shard ").append(e.getKey()).append(": ").append(e.getValue());
            sep = "; ";
        }
        return sb.append(". Bring the backends back or add backends, then store again").toString();
    }

    /** Bytes of shard arrays waiting for the next put (tests: which writes gave theirs back). */
    long idleShardBytes() {
        return shardArrays.idleBytes();
    }

    @Override
    public void close() {
        codecs.close();
    }
}
