package org.qsfs.engine.repair;

import org.qsfs.engine.meta.MetadataStore;

/**
 * What {@link RepairService#scrubAndRebuild} did: the scrub, then the rebuild of what it (and
 * earlier reads) found, then the scrub of the metadata records (null when only a path prefix
 * was scrubbed).
 */
public record ScrubAndRebuild(ScrubReport scrub, RebuildReport rebuild, MetadataStore.ScrubResult metadata) {
    /** True when the scrub ran to the end and everything it found was repaired. */
    public boolean complete() {
        return scrub.complete() && scrub.unreadableObjects().isEmpty() && rebuild.complete()
                && (metadata == null || (metadata.degraded() == 0 && metadata.unreadable().isEmpty()));
    }
}
