package org.qsfs.engine.volume;

import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.meta.MetadataException;
import org.qsfs.engine.meta.MetadataRecord;
import org.qsfs.engine.meta.MetadataStore;
import org.qsfs.engine.meta.MetadataUnavailableException;

/**
 * Journal records under a name whose first write was torn (the writer was killed with
 * fewer than k shards stored) can never be read nor written again: the metadata store
 * refuses to number a new version over an unreadable one. The writer then moves on to
 * {@code name~1}, {@code name~2}, ... (the attempt is kept in the local database), and
 * readers try the attempts in order.
 */
final class RecordAttempts {
    static final int MAX = 16;

    private RecordAttempts() {
    }

    static String name(String base, int attempt) {
        return attempt == 0 ? base : base + "~" + attempt;
    }

    /** Whether a failed put means "a torn earlier write blocks this name" (not "backends down"). */
    static boolean torn(MetadataException e) {
        return e instanceof MetadataUnavailableException && String.valueOf(e.getMessage()).contains("incomplete");
    }

    /** Every readable record among the attempts of {@code base}, in attempt order. */
    static List<MetadataRecord> readAll(MetadataStore meta, String base) throws MetadataException {
        List<MetadataRecord> out = new ArrayList<>();
        MetadataException last = null;
        for (int a = 0; a < MAX; a++) {
            try {
                MetadataRecord r = meta.get(name(base, a));
                if (r == null) {
                    break; // attempt a was never written: there are no later ones
                }
                out.add(r);
            } catch (MetadataUnavailableException e) {
                last = e; // torn: the writer went on to the next attempt, if it lived
            }
        }
        if (out.isEmpty() && last != null && !torn(last)) {
            throw last;
        }
        return out;
    }
}
