package org.qsfs.zdb.server;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.qsfs.zdb.storage.Namespace;
import org.qsfs.zdb.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * --rotate SECS: jumps a namespace to new data and index files when it was written to and
 * its current files are older than SECS, so backups can ship closed files (upstream
 * redis_files_rotate).
 */
final class RotationTimer {
    private static final Logger log = LoggerFactory.getLogger(RotationTimer.class);

    private record Mark(long dataId, long offset, long sinceNanos) {
    }

    private final long periodNanos;
    private final Map<Namespace, Mark> marks = new IdentityHashMap<>();

    RotationTimer(int seconds) {
        this.periodNanos = seconds * 1_000_000_000L;
    }

    void rotateDue(List<Namespace> namespaces) {
        long now = System.nanoTime();
        marks.keySet().retainAll(namespaces);
        for (Namespace ns : namespaces) {
            Mark m = marks.get(ns);
            long dataId = ns.data().dataId();
            long offset = ns.data().nextOffset();
            if (m == null || m.dataId() != dataId) {
                marks.put(ns, new Mark(dataId, offset, now));
                continue;
            }
            boolean written = offset != m.offset();
            if (written && now - m.sinceNanos() > periodNanos) {
                try {
                    long id = ns.jump();
                    log.info("namespace {}: rotated to file {} after {} s", ns.name(), id, periodNanos / 1_000_000_000L);
                    marks.put(ns, new Mark(ns.data().dataId(), ns.data().nextOffset(), now));
                } catch (StorageException e) {
                    log.warn("namespace {}: rotation failed: {}", ns.name(), e.getMessage());
                }
            }
        }
    }
}
