package org.qsfs.engine.repair;

import java.io.IOException;
import java.util.List;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.store.BlockRef;

/**
 * Where block references live, besides the object store's manifests (which {@code ObjectWalker}
 * walks): e.g. the mounted volume's block table ({@code org.qsfs.engine.volume.VolumeBlockRefs}).
 * Scrub, rebuild (including the read path's reports) and drain walk every source the
 * {@link RepairService} was given.
 *
 * <p>An <em>owner</em> is an opaque, stable name of the place that holds one reference (for the
 * volume: a block row). Owners are walked in pages, in cursor order, so memory never holds all
 * references; a page's {@link Page#next()} resumes the walk.
 */
public interface BlockRefSource {
    /** One reference and the owner that holds it. */
    record Owned(String owner, BlockRef ref) {
    }

    /**
     * One page of a walk.
     *
     * @param next the cursor to ask for the next page; null when the walk is done
     */
    record Page(List<Owned> items, String next) {
    }

    /** A short name for messages and events ("volume"). */
    String name();

    /**
     * Up to {@code max} references whose owners sort after {@code after} (null: from the start).
     *
     * @throws IOException the source cannot be read now
     */
    Page page(String after, int max) throws IOException;

    /** Every owner that holds a reference to block {@code id} now (usually none or one). */
    List<Owned> find(BlockId id) throws IOException;

    /** The reference {@code owner} holds now; null when the owner is gone (deleted meanwhile). */
    BlockRef current(String owner) throws IOException;

    /**
     * Replaces the reference of {@code owner} by {@code updated}, atomically, only if it still is
     * {@code expected} (compare-and-set: a concurrent overwrite or delete wins).
     *
     * @return whether it was replaced
     * @throws IOException the change could not be written (nothing changed)
     */
    boolean replace(String owner, BlockRef expected, BlockRef updated) throws IOException;

    /**
     * Makes every replace so far durable; the rebuild calls it before deleting the replaced
     * shards (write new shard, update metadata durably, delete old).
     */
    default void sync() throws IOException {
    }

    /** How an owner is shown in messages. */
    default String describe(String owner) {
        return name() + " " + owner;
    }
}
