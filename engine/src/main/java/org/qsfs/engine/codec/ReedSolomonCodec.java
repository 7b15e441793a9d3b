package org.qsfs.engine.codec;

import com.backblaze.erasure.CodingLoop;
import com.backblaze.erasure.InputOutputByteTableCodingLoop;
import com.backblaze.erasure.Matrix;
import com.backblaze.erasure.ReedSolomon;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ErasureCodec} backed by Backblaze's JavaReedSolomon (as shipped in kcp-fec).
 * Only its {@code byte[][]} methods are called: the jar's netty dependency is excluded,
 * so its {@code ByteBuf} overloads (and reflection over the class) would fail.
 *
 * <p>One {@link ReedSolomon} per (k, m) is cached; they are immutable after creation,
 * so one instance serves all threads.
 */
public final class ReedSolomonCodec implements ErasureCodec {
    public static final int MAX_SHARDS = 256;

    /** The coding loop the library's own {@code create} uses; stateless, so shared. */
    private static final CodingLoop LOOP = new InputOutputByteTableCodingLoop();

    private final Map<Integer, ReedSolomon> byShape = new ConcurrentHashMap<>();
    private final Map<Integer, byte[][]> matrices = new ConcurrentHashMap<>();

    @Override
    public byte[][] encode(byte[] data, int k, int m) {
        check(k, m);
        int shardSize = Math.max(1, (data.length + k - 1) / k);
        byte[][] shards = new byte[k + m][shardSize];
        for (int i = 0; i < k; i++) {
            int from = i * shardSize;
            if (from < data.length) {
                System.arraycopy(data, from, shards[i], 0, Math.min(shardSize, data.length - from));
            }
        }
        encodeParity(shards, 0, shardSize, k, m);
        return shards;
    }

    @Override
    public byte[] decode(byte[][] shards, int k, int m, int dataLength) throws NotEnoughShardsException {
        check(k, m);
        if (shards.length != k + m) {
            throw new IllegalArgumentException("expected " + (k + m) + " shard slots, got " + shards.length);
        }
        int shardSize = -1;
        for (byte[] s : shards) {
            if (s != null) {
                shardSize = s.length;
                break;
            }
        }
        byte[][] work = new byte[k + m][];
        boolean[] present = new boolean[k + m];
        for (int i = 0; i < shards.length; i++) {
            present[i] = shards[i] != null && shards[i].length == shardSize;
            work[i] = present[i] ? shards[i] : new byte[Math.max(shardSize, 0)];
        }
        if (shardSize < 0) {
            throw notEnough("data", k, present);
        }
        if (dataLength > (long) shardSize * k) {
            throw new IllegalArgumentException("data length " + dataLength + " exceeds " + k + " shards of " + shardSize);
        }
        reconstruct(work, present, 0, shardSize, k, m);
        byte[] data = new byte[dataLength];
        for (int i = 0; i < k && i * shardSize < dataLength; i++) {
            System.arraycopy(work[i], 0, data, i * shardSize, Math.min(shardSize, dataLength - i * shardSize));
        }
        return data;
    }

    @Override
    public void encodeParity(byte[][] shards, int offset, int shardSize, int k, int m) {
        if (m == 0) {
            return;
        }
        rs(k, m).encodeParity(shards, offset, shardSize);
    }

    @Override
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int shardSize, int k, int m)
            throws NotEnoughShardsException {
        int count = 0;
        for (int i = 0; i < k + m; i++) {
            if (present[i]) {
                count++;
            }
        }
        if (count < k) {
            throw notEnough("data", k, present);
        }
        if (count == k + m) {
            return;
        }
        rs(k, m).decodeMissing(shards, present, offset, shardSize);
    }

    /**
     * Solves for the missing data shards only, from the first {@code k} present shards, the
     * same rows the library's {@code decodeMissing} picks; unlike it, does not then recompute
     * the missing parity shards.
     */
    @Override
    public void reconstructData(byte[][] shards, boolean[] present, int offset, int shardSize, int k, int m)
            throws NotEnoughShardsException {
        int count = 0;
        int missingData = 0;
        for (int i = 0; i < k + m; i++) {
            count += present[i] ? 1 : 0;
            missingData += i < k && !present[i] ? 1 : 0;
        }
        if (count < k) {
            throw notEnough("data", k, present);
        }
        if (missingData == 0) {
            return;
        }
        byte[][] rows = encodingRows(k, m);
        Matrix sub = new Matrix(k, k);
        byte[][] inputs = new byte[k][];
        for (int i = 0, row = 0; i < k + m && row < k; i++) {
            if (present[i]) {
                for (int c = 0; c < k; c++) {
                    sub.set(row, c, rows[i][c]);
                }
                inputs[row++] = shards[i];
            }
        }
        Matrix decode = sub.invert();
        byte[][] outputRows = new byte[missingData][];
        byte[][] outputs = new byte[missingData][];
        for (int i = 0, o = 0; i < k; i++) {
            if (!present[i]) {
                outputRows[o] = decode.getRow(i);
                outputs[o++] = shards[i];
            }
        }
        LOOP.codeSomeShards(outputRows, inputs, k, outputs, missingData, offset, shardSize);
    }

    /**
     * The encoding matrix ({@code k+m} rows of {@code k}) exactly as the library uses it: the
     * identity for the data shards, and each parity row read back by encoding unit vectors, so
     * nothing here depends on how the library builds its matrix.
     */
    private byte[][] encodingRows(int k, int m) {
        return matrices.computeIfAbsent(k * (MAX_SHARDS + 1) + m, key -> {
            byte[][] rows = new byte[k + m][k];
            for (int d = 0; d < k; d++) {
                rows[d][d] = 1;
                byte[][] unit = new byte[k + m][1];
                unit[d][0] = 1;
                rs(k, m).encodeParity(unit, 0, 1);
                for (int p = 0; p < m; p++) {
                    rows[k + p][d] = unit[k + p][0];
                }
            }
            return rows;
        });
    }

    static NotEnoughShardsException notEnough(String what, int k, boolean[] present) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                missing.add(i);
            }
        }
        return new NotEnoughShardsException(what, k, present.length, missing, Map.of());
    }

    private ReedSolomon rs(int k, int m) {
        check(k, m);
        return byShape.computeIfAbsent(k * (MAX_SHARDS + 1) + m, key -> ReedSolomon.create(k, m));
    }

    static void check(int k, int m) {
        if (k < 1 || m < 0 || k + m > MAX_SHARDS) {
            throw new IllegalArgumentException("Reed-Solomon needs k >= 1, m >= 0 and k + m <= " + MAX_SHARDS
                    + "; got k=" + k + ", m=" + m);
        }
    }
}
