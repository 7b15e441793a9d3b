package org.qsfs.engine.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A scrub ended (completely, or stopped early).
 *
 * @param complete false when it was cancelled or stopped by an error; see {@code cursor} to resume
 * @param cursor the last object fully scrubbed (resume after it), or null
 */
public record ScrubFinished(Instant at, boolean complete, long objects, long blocks, long shardsChecked,
                            long problems, Duration elapsed, String cursor) implements EngineEvent {
}
