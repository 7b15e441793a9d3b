/**
 * Observable engine events (health, scrub, repair, drain) for the UI and metrics: a sealed
 * {@link org.qsfs.engine.events.EngineEvent} hierarchy of records, an
 * {@link org.qsfs.engine.events.EventListener} and an {@link org.qsfs.engine.events.EventBus}.
 */
package org.qsfs.engine.events;
