package org.qsfs.engine.repair;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.qsfs.engine.store.ShardProblem;

/**
 * What a scrub found. Every problem was also queued for repair.
 *
 * @param complete false when it stopped early (interrupted); resume with {@code cursor}
 * @param objects manifests checked: current objects and their kept older versions
 * @param findings the problems (at most the first 1000; {@code problems} counts all)
 * @param unreadableObjects manifests (objects or versions) that could not be read, with why
 * @param shardsPerBackend shards referenced on each backend, by id
 * @param cursor the last path whose manifests (current and versions) were all scrubbed, or null
 */
public record ScrubReport(boolean complete, long objects, long blocks, long shardsChecked, long shardsReadBack,
                          long bytesChecked, long problems, List<Finding> findings, List<String> unreadableObjects,
                          Map<String, Long> shardsPerBackend, Duration elapsed, String cursor) {
    /**
     * One bad shard: the object, which of its manifests, the block's position in it, and the problem.
     *
     * @param version {@link DamagedBlocks.Entry#CURRENT} for the object's current content, else the
     *     kept older version ({@code qsfs history}) the block belongs to
     */
    public record Finding(String path, long version, int blockIndex, ShardProblem problem) {
        @Override
        public String toString() {
            return path + (version == DamagedBlocks.Entry.CURRENT ? "" : " (version " + version + ")") + " block "
                    + blockIndex + ": " + problem;
        }
    }

    public ScrubReport {
        findings = List.copyOf(findings);
        unreadableObjects = List.copyOf(unreadableObjects);
        shardsPerBackend = Map.copyOf(shardsPerBackend);
    }

    /** True when the scrub ran to the end and found nothing wrong. */
    public boolean clean() {
        return complete && problems == 0 && unreadableObjects.isEmpty();
    }
}
