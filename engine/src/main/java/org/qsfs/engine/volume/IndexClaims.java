package org.qsfs.engine.volume;

import java.util.HashMap;
import java.util.Map;

/**
 * Indexes claimed by fast-path writes that write a new block's file without the volume lock
 * ({@link Blocks#claim}): ino -> (idx -> still valid). A change of the mapping of a claimed
 * index (or a forgotten map cache) spoils the claim, and the write then falls back to the
 * transactional path. Under the database lock.
 */
final class IndexClaims {
    private final Map<Long, Map<Long, Boolean>> claims = new HashMap<>();

    /** Claims index {@code idx} of file {@code ino}; false when another write holds it. */
    boolean claim(long ino, long idx) {
        return claims.computeIfAbsent(ino, k -> new HashMap<>()).putIfAbsent(idx, Boolean.TRUE) == null;
    }

    /** Ends a {@link #claim}; true when nothing spoiled it meanwhile. */
    boolean release(long ino, long idx) {
        Map<Long, Boolean> m = claims.get(ino);
        Boolean valid = m == null ? null : m.remove(idx);
        if (m != null && m.isEmpty()) {
            claims.remove(ino);
        }
        return Boolean.TRUE.equals(valid);
    }

    /** The mapping of {@code idx} changed: a claim on it is spoiled. */
    void spoil(long ino, long idx) {
        if (claims.isEmpty()) {
            return;
        }
        Map<Long, Boolean> m = claims.get(ino);
        if (m != null && m.containsKey(idx)) {
            m.put(idx, Boolean.FALSE);
        }
    }

    /** The map cache was forgotten: every claim is spoiled. */
    void spoilAll() {
        for (Map<Long, Boolean> m : claims.values()) {
            m.replaceAll((k, v) -> Boolean.FALSE);
        }
    }
}
