package org.qsfs.zdb.commands;

import org.qsfs.zdb.storage.Index;
import org.qsfs.zdb.storage.IndexEntry;

/** Key lookup as every command sees it: a deleted key does not exist (upstream index_get). */
final class LiveKeys {
    private LiveKeys() {
    }

    static IndexEntry get(Index index, byte[] key) {
        IndexEntry e = index.get(key);
        return e == null || e.isDeleted() ? null : e;
    }
}
