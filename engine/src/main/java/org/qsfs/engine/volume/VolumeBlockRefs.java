package org.qsfs.engine.volume;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.repair.BlockRefSource;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.BlockRefFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume's block references for the repair service: every uploaded (safe) block row of the
 * block table, which the file block maps ({@code fblock}) and kept versions ({@code vblock})
 * point at, so one row covers every file and version sharing the block. The owner is the row
 * id; walks are paged by id (never all rows in memory); a replace updates the row, its cached
 * copy in {@link Blocks} and the journal in one transaction, only if the row still holds the
 * expected reference.
 *
 * <p>After the rows come the chunks of the newest snapshot the volume wrote to the backends
 * (owners {@code snapshot/<index>}): a restore needs them, so they are scrubbed and repaired
 * like file blocks, and a repair rewrites the snapshot index.
 */
public final class VolumeBlockRefs implements BlockRefSource {
    private static final Logger log = LoggerFactory.getLogger(VolumeBlockRefs.class);

    private static final String SNAPSHOT = "snapshot/";

    private final Db db;
    private final Blocks blocks;
    private final JournalShipper journal;

    /** @param journal the volume's journal shipper, whose snapshot chunks are walked too; null: rows only */
    public VolumeBlockRefs(Tables tables, JournalShipper journal) {
        this.db = tables.db;
        this.blocks = tables.blocks;
        this.journal = journal;
    }

    @Override
    public String name() {
        return "volume";
    }

    @Override
    public Page page(String after, int max) throws IOException {
        if (after != null && after.startsWith(SNAPSHOT)) {
            return chunkPage(Integer.parseInt(after.substring(SNAPSHOT.length())), max);
        }
        Page rows = rowPage(after, max);
        if (rows.next() == null && journal != null) {
            return new Page(rows.items(), SNAPSHOT + "-1"); // the rows are done: the snapshot's chunks follow
        }
        return rows;
    }

    private Page chunkPage(int after, int max) throws IOException {
        List<BlockRef> chunks = chunks();
        List<Owned> out = new ArrayList<>();
        int i = after + 1;
        for (; i < chunks.size() && out.size() < max; i++) {
            out.add(new Owned(SNAPSHOT + i, chunks.get(i)));
        }
        return new Page(out, i < chunks.size() ? SNAPSHOT + (i - 1) : null);
    }

    private List<BlockRef> chunks() throws IOException {
        if (journal == null) {
            return List.of();
        }
        try {
            return journal.snapshotChunks();
        } catch (org.qsfs.engine.meta.MetadataException e) {
            throw new IOException("the volume's snapshot index cannot be read now: " + e.getMessage(), e);
        }
    }

    private Page rowPage(String after, int max) throws IOException {
        long from = after == null ? Long.MIN_VALUE : Long.parseLong(after);
        List<Owned> out = new ArrayList<>();
        long[] last = {from};
        boolean[] more = {false};
        db.read(() -> {
            PreparedStatement p = db.ps("SELECT id, ref FROM block WHERE id > ? AND state = 2 AND ref IS NOT NULL"
                    + " ORDER BY id LIMIT ?");
            p.setLong(1, from);
            p.setInt(2, max + 1);
            try (ResultSet rs = p.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    if (++n > max) {
                        more[0] = true;
                        break;
                    }
                    long id = rs.getLong(1);
                    last[0] = id;
                    BlockRef ref = decode(id, rs.getBytes(2));
                    if (ref != null) {
                        out.add(new Owned(Long.toString(id), ref));
                    }
                }
            }
            return null;
        });
        return new Page(out, more[0] ? Long.toString(last[0]) : null);
    }

    @Override
    public List<Owned> find(BlockId id) throws IOException {
        List<Owned> chunks = new ArrayList<>();
        List<BlockRef> all = chunks();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).blockId().equals(id)) {
                chunks.add(new Owned(SNAPSHOT + i, all.get(i)));
            }
        }
        if (!chunks.isEmpty()) {
            return chunks;
        }
        return db.read(() -> {
            BlockRow b = blocks.byBid(id.toBytes());
            List<Owned> out = new ArrayList<>(1);
            if (b != null && b.state() == BlockRow.SAFE && b.ref() != null) {
                BlockRef ref = decode(b.id(), b.ref());
                if (ref != null) {
                    out.add(new Owned(Long.toString(b.id()), ref));
                }
            }
            return out;
        });
    }

    @Override
    public BlockRef current(String owner) throws IOException {
        if (owner.startsWith(SNAPSHOT)) {
            int i = Integer.parseInt(owner.substring(SNAPSHOT.length()));
            List<BlockRef> all = chunks();
            return i < all.size() ? all.get(i) : null;
        }
        long id = Long.parseLong(owner);
        return db.read(() -> {
            BlockRow b = blocks.get(id);
            return b == null || b.state() != BlockRow.SAFE || b.ref() == null ? null : decode(id, b.ref());
        });
    }

    @Override
    public boolean replace(String owner, BlockRef expected, BlockRef updated) throws IOException {
        if (owner.startsWith(SNAPSHOT)) {
            try {
                return journal != null && journal.replaceSnapshotChunk(
                        Integer.parseInt(owner.substring(SNAPSHOT.length())), expected, updated);
            } catch (org.qsfs.engine.meta.MetadataException e) {
                throw new IOException("the volume's snapshot index cannot be rewritten now: " + e.getMessage(), e);
            }
        }
        long id = Long.parseLong(owner);
        byte[] want = expected.encode();
        byte[] now = updated.encode();
        return db.tx(() -> {
            PreparedStatement p = db.ps("SELECT ref FROM block WHERE id = ? AND state = 2");
            p.setLong(1, id);
            byte[] stored;
            try (ResultSet rs = p.executeQuery()) {
                stored = rs.next() ? rs.getBytes(1) : null;
            }
            BlockRef ref = stored == null ? null : decode(id, stored);
            if (ref == null || !java.util.Arrays.equals(ref.encode(), want)) {
                return false; // overwritten, deleted or re-uploaded meanwhile: that change wins
            }
            return blocks.replaceRef(id, stored, now);
        });
    }

    @Override
    public void sync() throws IOException {
        db.syncCommit();
    }

    @Override
    public String describe(String owner) {
        if (owner.startsWith(SNAPSHOT)) {
            return "volume snapshot chunk " + owner.substring(SNAPSHOT.length());
        }
        return "volume block " + owner;
    }

    private static BlockRef decode(long id, byte[] bytes) {
        try {
            return BlockRef.decode(bytes);
        } catch (BlockRefFormatException e) {
            log.warn("volume block {}: unreadable block reference, skipped: {}", id, e.getMessage());
            return null;
        }
    }
}
