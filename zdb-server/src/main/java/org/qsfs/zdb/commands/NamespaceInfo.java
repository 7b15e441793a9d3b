package org.qsfs.zdb.commands;

import java.nio.file.Path;
import java.util.Locale;
import org.qsfs.zdb.storage.Namespace;
import org.qsfs.zdb.storage.NamespaceLock;

/** The text of NSINFO, field for field as upstream prints it. */
final class NamespaceInfo {
    private NamespaceInfo() {
    }

    static String render(Namespace ns, boolean admin) {
        long entries = ns.index().entries();
        long dataSize = ns.index().dataSize();
        long indexSize = ns.index().indexSize();
        StringBuilder b = new StringBuilder(1024);
        b.append("# namespace\n");
        line(b, "name", ns.name());
        line(b, "entries", entries);
        line(b, "public", yesNo(ns.isPublic()));
        line(b, "worm", yesNo(ns.worm()));
        line(b, "locked", yesNo(ns.lock() != NamespaceLock.UNLOCKED));
        line(b, "password", yesNo(ns.password() != null));
        line(b, "data_size_bytes", dataSize);
        line(b, "data_size_mb", mb(dataSize));
        line(b, "data_limits_bytes", ns.maxSize());
        line(b, "index_size_bytes", indexSize);
        line(b, "index_size_kb", String.format(Locale.ROOT, "%.2f", indexSize / 1024.0));
        // upstream prints the next id byte-swapped, i.e. as it appears in the key bytes
        line(b, "next_internal_id", String.format(Locale.ROOT, "0x%08x", Long.reverseBytes(ns.index().nextId())));
        line(b, "mode", ns.index().mode().upstreamName());
        line(b, "stats_index_io_errors", ns.index().errors());
        line(b, "stats_index_io_error_last", ns.index().lastError());
        line(b, "stats_index_faults", ns.index().faults());
        line(b, "stats_data_io_errors", ns.data().errors());
        line(b, "stats_data_io_error_last", ns.data().lastError());
        line(b, "stats_data_faults", ns.data().faults());
        if (ns.maxSize() > 0) {
            line(b, "space_available", ns.maxSize() - dataSize);
        }
        Path indexDir = ns.index().indexDir();
        Path dataDir = ns.data().dataDir();
        freeSpace(b, "index", indexDir);
        freeSpace(b, "data", dataDir);
        if (admin) {
            line(b, "data_path", dataDir);
            line(b, "data_active", ns.data().dataFile());
            line(b, "index_path", indexDir);
            line(b, "index_active", ns.index().indexFile());
            line(b, "data_current_id", ns.data().dataId());
            line(b, "data_current_offset", ns.data().nextOffset());
        }
        return b.toString();
    }

    private static void freeSpace(StringBuilder b, String which, Path dir) {
        long free = NamespaceCommands.freeSpace(dir);
        if (free >= 0) {
            line(b, which + "_disk_freespace_bytes", free);
            line(b, which + "_disk_freespace_mb", mb(free));
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / (1024 * 1024.0));
    }

    private static String yesNo(boolean v) {
        return v ? "yes" : "no";
    }

    private static void line(StringBuilder b, String key, Object value) {
        b.append(key).append(": ").append(value).append('\n');
    }
}
