package org.qsfs.mount.fuse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which inode a path named, so that path-based FUSE callbacks do not walk the
 * tree from the root each time. Entries are dropped on every change of the names they
 * depend on; a lookup racing with such a change does not insert (generation check).
 * Reads are lock-free; the cached children of each directory path are indexed, so
 * forgetting a subtree (rmdir, rename) costs the size of that subtree, not of the cache.
 */
final class PathCache {
    private static final int MAX_ENTRIES = 200_000;

    private final ConcurrentHashMap<String, Long> map = new ConcurrentHashMap<>();
    /** Directory path -> the cached paths directly below it (guarded by this). */
    private final Map<String, Set<String>> children = new HashMap<>();
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
        insert(path, ino);
    }

    /** Remembers a name the mount itself just created. */
    synchronized void created(String path, long ino) {
        generation++;
        insert(path, ino);
    }

    private void insert(String path, long ino) {
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
            children.clear();
        }
        if (map.put(path, ino) == null) {
            children.computeIfAbsent(parentOf(path), k -> new HashSet<>()).add(path);
        }
    }

    /** Forgets one path (a file was unlinked). */
    synchronized void forget(String path) {
        generation++;
        remove(path);
    }

    /** Forgets a path and everything below it (a directory was removed, renamed or replaced). */
    synchronized void forgetTree(String path) {
        generation++;
        removeTree(path);
    }

    private void remove(String path) {
        if (map.remove(path) != null) {
            Set<String> siblings = children.get(parentOf(path));
            if (siblings != null) {
                siblings.remove(path);
                if (siblings.isEmpty()) {
                    children.remove(parentOf(path));
                }
            }
        }
    }

    private void removeTree(String path) {
        remove(path);
        Set<String> below = children.remove(path);
        if (below != null) {
            for (String child : below) {
                map.remove(child);
                removeTree(child);
            }
        }
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    synchronized void clear() {
        generation++;
        map.clear();
        children.clear();
    }

    int size() {
        return map.size();
    }
}
