package org.qsfs.engine.fs;

import org.qsfs.engine.cache.BlockCache;
import org.qsfs.engine.volume.Db;
import org.qsfs.engine.volume.Tables;
import org.qsfs.engine.volume.VersionKeeper;

/**
 * What the parts of {@link VolumeFileSystem} share: the volume's tables and database, the
 * block cache, the open handles, two settings, and the retry loop a call runs in when it needs
 * a block from the backends or cache space held by deleted blocks.
 */
final class FsContext {
    final Tables t;
    final Db db;
    final BlockCache cache;
    final FileContent content;
    final Handles handles = new Handles();
    final DeferredPurges purges;
    final Tree tree;
    final VersionKeeper keeper;
    /** How many blocks a sequential reader fetches ahead. */
    final int prefetchBlocks;
    /** The size statfs reports. */
    final long capacityBytes;

    FsContext(Tables t, BlockCache cache, VersionKeeper keeper, int blockSize, int prefetchBlocks,
            long capacityBytes) {
        this.t = t;
        this.db = t.db;
        this.cache = cache;
        this.keeper = keeper;
        this.content = new FileContent(blockSize, db, t.blocks, cache);
        this.purges = new DeferredPurges(db);
        this.tree = new Tree(t, handles, keeper, content, purges);
        this.prefetchBlocks = prefetchBlocks;
        this.capacityBytes = capacityBytes;
    }

    /**
     * Runs {@code body} as one transaction; a block it needs from the backends is fetched
     * after the rollback (without the volume lock) and the body runs again.
     */
    <T> T withFetch(Db.Body<T> body) throws FsException {
        boolean committed = false;
        while (true) {
            try {
                return db.tx(body);
            } catch (BlockCache.NeedFetch nf) {
                cache.resolve(nf);
            } catch (FsException e) {
                if (e.errno() != Errno.ENOSPC || committed || !deletionsPending()) {
                    throw e;
                }
                // files of deleted blocks go at the next commit: commit now and try once more
                freeDeleted();
                committed = true;
            }
        }
    }

    /** Whether the inode was removed lately: a request for it is answered ENOENT without the lock. */
    boolean isGone(long ino) {
        return t.inodes.isGone(ino) || purges.isPending(ino);
    }

    /**
     * Keeps the versions of the files removed so far and purges them: before anything reads
     * versions or needs the space they hold. Joins the caller's transaction, else runs its own (a
     * purge needs no block from the backends, nor space).
     */
    void purgeRemoved() throws FsException {
        db.tx(() -> {
            purges.purgeAll(tree::purgeRemoved);
            return null;
        });
    }

    /** Whether removed files wait for their purge, or files of dropped blocks for a commit or the deleter. */
    boolean deletionsPending() {
        return purges.size() > 0 || db.deferredDeletions() || cache.files().pendingDeletions();
    }

    /** Purges removed files, commits, then waits until the files of the blocks dropped so far are deleted. */
    void freeDeleted() throws FsException {
        if (purges.size() > 0) {
            purgeRemoved();
        }
        db.commitNow();
        cache.files().awaitDeletions();
    }
}
