package org.qsfs.engine.store;

/**
 * Told about every shard the store found unusable (on reads) or could not place (on
 * writes), so repair can rebuild it. Called from I/O threads: must be quick and must not
 * throw; queue the work (see {@link RepairQueue}).
 */
@FunctionalInterface
public interface RepairListener {
    RepairListener NONE = p -> { };

    void shardProblem(ShardProblem problem);
}
