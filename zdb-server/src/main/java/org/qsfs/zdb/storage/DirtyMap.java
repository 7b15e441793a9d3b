package org.qsfs.zdb.storage;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** index_dirty_t: which index files were rewritten in place since the last reset. */
final class DirtyMap {
    private final BitSet bits = new BitSet();

    void set(long fileId) {
        if (fileId >= 0 && fileId < Integer.MAX_VALUE) bits.set((int) fileId);
    }

    void reset() {
        bits.clear();
    }

    List<Long> list() {
        List<Long> out = new ArrayList<>();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) out.add((long) i);
        return out;
    }

    /** index_dirty_list_generate: ids separated by single spaces. */
    String asString() {
        StringBuilder b = new StringBuilder();
        for (long id : list()) {
            if (b.length() > 0) b.append(' ');
            b.append(id);
        }
        return b.toString();
    }
}
