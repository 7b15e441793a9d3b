package org.qsfs.engine.events;

import java.time.Instant;

/**
 * Something the engine did or saw that a UI, a log or metrics may want to show: health
 * changes, scrub and repair progress. Events are immutable records; switch on the type.
 */
public sealed interface EngineEvent permits BackendStateChanged, ScrubProgress, ScrubFinished, ShardRepaired,
        RepairFailed, RebuildProgress, DrainProgress {
    /** When it happened. */
    Instant at();
}
