package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** --sync / --synctime policy of data_sync_check and index_sync_check. */
final class SyncClock {
    private final boolean always;
    private final int seconds;
    private long lastSync; // 0 at start, like upstream: the first write with --synctime syncs

    SyncClock(boolean always, int seconds) {
        this.always = always;
        this.seconds = seconds;
    }

    void afterWrite(FileChannel ch) throws IOException {
        if (always) {
            force(ch);
            return;
        }
        if (seconds <= 0) return;
        if (System.currentTimeMillis() / 1000 - lastSync > seconds) force(ch);
    }

    void force(FileChannel ch) throws IOException {
        ch.force(false);
        lastSync = System.currentTimeMillis() / 1000;
    }
}
