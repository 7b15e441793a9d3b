package org.qsfs.engine.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Fewer than {@code k} usable shards: the block cannot be read now. Names every shard
 * that is missing or corrupt, so the caller can bring those backends back or repair
 * from another copy.
 */
public class NotEnoughShardsException extends Exception {
    private final int needed;
    private final int total;
    private final List<Integer> missing;
    private final SortedMap<Integer, String> corrupt;

    /**
     * @param block what is being read, for the message (a block id, or "data")
     * @param needed shards needed (k), or 0 when not even that could be learned
     * @param missing indices of shards that were not supplied
     * @param corrupt indices of supplied shards that failed verification, with why
     */
    public NotEnoughShardsException(String block, int needed, int total, List<Integer> missing,
            Map<Integer, String> corrupt) {
        super(message(block, needed, total, missing, corrupt));
        this.needed = needed;
        this.total = total;
        this.missing = List.copyOf(missing);
        this.corrupt = Collections.unmodifiableSortedMap(new TreeMap<>(corrupt));
    }

    private static String message(String block, int needed, int total, List<Integer> missing,
            Map<Integer, String> corrupt) {
        int usable = total - missing.size() - corrupt.size();
        StringBuilder sb = new StringBuilder("block ").append(block);
        if (needed > 0) {
            sb.append(" needs ").append(needed).append(" of its ").append(total).append(" shards but only ")
                    .append(usable).append(usable == 1 ? " is" : " are").append(" usable");
        } else {
            sb.append(" cannot be read: none of its ").append(total).append(" shards is usable");
        }
        if (!missing.isEmpty()) {
            sb.append("; missing shards ").append(missing);
        }
        if (!corrupt.isEmpty()) {
            sb.append("; corrupt shards ").append(new TreeMap<>(corrupt).entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ", "[", "]")));
        }
        sb.append(". Bring back the backends of ").append(needed > 0 ? "at least " + (needed - usable) : "more")
                .append(" of these shards, then read again");
        return sb.toString();
    }

    public int needed() {
        return needed;
    }

    public int total() {
        return total;
    }

    /** Shards that were not supplied. */
    public List<Integer> missingShards() {
        return missing;
    }

    /** Shards that were supplied but failed verification, with the reason. */
    public SortedMap<Integer, String> corruptShards() {
        return corrupt;
    }

    /** Every unusable shard index, ascending. */
    public List<Integer> unusableShards() {
        List<Integer> all = new ArrayList<>(missing);
        all.addAll(corrupt.keySet());
        Collections.sort(all);
        return all;
    }
}
