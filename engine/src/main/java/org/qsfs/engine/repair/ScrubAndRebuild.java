package org.qsfs.engine.repair;

/** What {@link RepairService#scrubAndRebuild} did: the scrub, then the rebuild of what it (and earlier reads) found. */
public record ScrubAndRebuild(ScrubReport scrub, RebuildReport rebuild) {
    /** True when the scrub ran to the end and everything it found was repaired. */
    public boolean complete() {
        return scrub.complete() && scrub.unreadableObjects().isEmpty() && rebuild.complete();
    }
}
