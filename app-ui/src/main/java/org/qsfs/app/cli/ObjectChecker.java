package org.qsfs.app.cli;

import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.object.Manifest;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.ZdbException;

/**
 * Checks one object without downloading it: every shard of every block is asked for with
 * the backend's CHECK (the backend verifies its stored checksum). An object is safe when every
 * shard is present and intact, degraded when some are not but every block keeps at least k,
 * unreadable when a block has fewer than k.
 */
final class ObjectChecker {
    /** The verdict on one object; {@code problems} names each bad shard. */
    record Report(String path, int blocks, int badShards, int unreadableBlocks, List<String> problems) {
        boolean safe() {
            return badShards == 0 && unreadableBlocks == 0;
        }

        String line() {
            if (safe()) {
                return "safe        " + path + " (" + blocks + " block" + (blocks == 1 ? "" : "s") + ")";
            }
            StringBuilder sb = new StringBuilder(unreadableBlocks > 0 ? "UNREADABLE  " : "DEGRADED    ").append(path)
                    .append(": ").append(badShards).append(" bad shard").append(badShards == 1 ? "" : "s");
            if (unreadableBlocks > 0) {
                sb.append(", ").append(unreadableBlocks).append(" block").append(unreadableBlocks == 1 ? "" : "s")
                  .append(" with fewer than k good shards");
            }
            for (String p : problems) {
                sb.append("\n    ").append(p);
            }
            return sb.toString();
        }
    }

    private static final int MAX_LISTED = 20;

    private final StorageEngine engine;

    ObjectChecker(StorageEngine engine) {
        this.engine = engine;
    }

    Report check(String path) throws Exception {
        Manifest m = engine.objects().manifest(path);
        int bad = 0;
        int unreadable = 0;
        List<String> problems = new ArrayList<>();
        for (BlockRef ref : m.blocks()) {
            int good = 0;
            for (int i = 0; i < ref.k() + ref.m(); i++) {
                String problem = shardProblem(ref, i);
                if (problem == null) {
                    good++;
                } else {
                    bad++;
                    if (problems.size() < MAX_LISTED) {
                        problems.add("block " + ref.blockId() + " shard " + i + ": " + problem);
                    }
                }
            }
            if (good < ref.k()) {
                unreadable++;
            }
        }
        if (bad > problems.size()) {
            problems.add("... and " + (bad - problems.size()) + " more");
        }
        return new Report(path, m.blocks().size(), bad, unreadable, problems);
    }

    /** Null when shard {@code i} of {@code ref} is present and intact, else what is wrong. */
    private String shardProblem(BlockRef ref, int i) {
        ShardLocation loc = ref.shard(i);
        if (loc == null) {
            return "never placed (written degraded)";
        }
        StoreBackend backend = engine.dataBackends().get(loc.backendId());
        if (backend == null) {
            return "on " + loc.backendId() + ", which is no longer configured";
        }
        try {
            Boolean ok = backend.namespace().check(engine.blocks().keyOf(ref.blockId(), i, loc));
            if (ok == null) {
                return "missing on " + loc.backendId();
            }
            return ok ? null : "corrupt on " + loc.backendId() + " (the backend's checksum fails)";
        } catch (ZdbException e) {
            return "unreachable: " + e.getMessage();
        }
    }
}
