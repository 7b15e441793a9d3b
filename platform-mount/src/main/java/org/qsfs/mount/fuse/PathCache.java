package org.qsfs.mount.fuse;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which inode a path named, so that path-based FUSE callbacks do not walk the
 * tree from the root each time. Entries are dropped on every change of the names they
 * depend on; a lookup racing with such a change does not insert (generation check).
 */
final class PathCache {
    private static final int MAX_ENTRIES = 200_000;

    private final ConcurrentHashMap<String, Long> map = new ConcurrentHashMap<>();
    private long generation;

    Long get(String path) {
        return map.get(path);
    }

    synchronized long generation() {
        return generation;
    }

    /** Remembers {@code path -> ino} unless a name changed since {@code seenGeneration}. */
    synchronized void put(String path, long ino, long seenGeneration) {
        if (seenGeneration != generation) {
            return;
        }
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
        map.put(path, ino);
    }

    /** Remembers a name the mount itself just created. */
    synchronized void created(String path, long ino) {
        generation++;
        map.put(path, ino);
    }

    /** Forgets one path (a file was unlinked). */
    synchronized void forget(String path) {
        generation++;
        map.remove(path);
    }

    /** Forgets a path and everything below it (a directory was removed, renamed or replaced). */
    synchronized void forgetTree(String path) {
        generation++;
        map.remove(path);
        String prefix = path.endsWith("/") ? path : path + "/";
        map.keySet().removeIf(k -> k.startsWith(prefix));
    }

    synchronized void clear() {
        generation++;
        map.clear();
    }

    int size() {
        return map.size();
    }
}
