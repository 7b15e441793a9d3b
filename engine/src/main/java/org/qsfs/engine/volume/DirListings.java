package org.qsfs.engine.volume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whole listings of recently made or listed directories, kept in step with every entry added
 * or removed ({@link Dirents} calls in here), so that listing them needs no query: {@code
 * ls -lR} right after unpacking a tree lists every directory from here. A listing is complete
 * or absent; anything unsure (an entry of unknown type, a rolled-back call) drops it. Bounded
 * by the entries and directories held, least recently used directories first; a directory
 * larger than {@code maxPerDirectory} is not held. Guarded by the database lock.
 */
final class DirListings {
    /** One entry: {name, ino, cookie, type id}, as {@link Dirents#listTyped} returns them. */
    private static final class Listing {
        final TreeMap<Long, Object[]> byCookie = new TreeMap<>();
        /** The name (as ISO-8859-1, one char a byte) -> its cookie. */
        final Map<String, Long> cookieOf = new HashMap<>();
    }

    private final int maxEntries;
    private final int maxPerDirectory;
    private final LinkedHashMap<Long, Listing> dirs = new LinkedHashMap<>(64, 0.75f, true);
    private int held;

    DirListings(int maxEntries, int maxPerDirectory) {
        this.maxEntries = maxEntries;
        this.maxPerDirectory = maxPerDirectory;
    }

    /** Up to {@code max} entries of {@code dir} after {@code after}; null when not held. */
    synchronized List<Object[]> page(long dir, long after, int max) {
        Listing l = dirs.get(dir);
        if (l == null) {
            return null;
        }
        List<Object[]> out = new ArrayList<>(Math.min(max, l.byCookie.size()));
        for (Object[] row : l.byCookie.tailMap(after, false).values()) {
            if (out.size() >= max) {
                break;
            }
            out.add(new Object[] {((byte[]) row[0]).clone(), row[1], row[2], row[3]});
        }
        return out;
    }

    /** True when {@code dir}'s listing is held. */
    synchronized boolean holds(long dir) {
        return dirs.containsKey(dir);
    }

    /** Every entry of {@code dir} (as a query just read them): held from now on. */
    synchronized void whole(long dir, List<Object[]> rows) {
        if (rows.size() > maxPerDirectory) {
            return;
        }
        drop(dir);
        Listing l = new Listing();
        for (Object[] row : rows) {
            put(l, row.clone());
        }
        dirs.put(dir, l);
        held += rows.size();
        trim();
    }

    /** A directory was made: it is empty. */
    synchronized void made(long dir) {
        drop(dir);
        dirs.put(dir, new Listing());
        trim();
    }

    /** An entry was added to {@code dir} (replacing any of that name); {@code type} < 0: unknown. */
    synchronized void added(long dir, byte[] name, long ino, long cookie, int type) {
        Listing l = dirs.get(dir);
        if (l == null) {
            return;
        }
        if (type < 0 || l.byCookie.size() >= maxPerDirectory) {
            drop(dir);
            return;
        }
        Long old = l.cookieOf.get(key(name));
        if (old != null) {
            l.byCookie.remove(old);
            held--;
        }
        put(l, new Object[] {name.clone(), ino, cookie, type});
        held++;
        trim();
    }

    /** The entry {@code name} of {@code dir} was removed. */
    synchronized void removed(long dir, byte[] name) {
        Listing l = dirs.get(dir);
        if (l == null) {
            return;
        }
        Long cookie = l.cookieOf.remove(key(name));
        if (cookie != null) {
            l.byCookie.remove(cookie);
            held--;
        }
    }

    /** Nothing is known of {@code dir}'s entries any more. */
    synchronized void forget(long dir) {
        drop(dir);
    }

    /** Nothing is known of any directory (a rolled-back call may have brought entries back). */
    synchronized void clear() {
        dirs.clear();
        held = 0;
    }

    private static void put(Listing l, Object[] row) {
        l.byCookie.put((Long) row[2], row);
        l.cookieOf.put(key((byte[]) row[0]), (Long) row[2]);
    }

    private void drop(long dir) {
        Listing l = dirs.remove(dir);
        if (l != null) {
            held -= l.byCookie.size();
        }
    }

    /** Each directory counts as one entry too: removed directories' empty listings go as well. */
    private void trim() {
        var it = dirs.values().iterator();
        while (held + dirs.size() > maxEntries && it.hasNext()) {
            held -= it.next().byCookie.size();
            it.remove();
        }
    }

    private static String key(byte[] name) {
        return new String(name, StandardCharsets.ISO_8859_1);
    }
}
