package org.qsfs.engine.events;

import java.time.Instant;
import org.qsfs.engine.placement.Health;

/**
 * A backend moved between healthy, degraded, unreachable and full.
 *
 * @param role "data" or "meta": which pool the backend belongs to
 * @param reason why it is in the new state (empty when healthy)
 */
public record BackendStateChanged(Instant at, String role, String backendId, Health from, Health to, String reason)
        implements EngineEvent {
}
