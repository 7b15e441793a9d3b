package org.qsfs.engine.events;

/**
 * Receives engine events. Called on engine threads, possibly concurrently: be quick, do not
 * block, do not throw (exceptions are logged and ignored).
 */
@FunctionalInterface
public interface EventListener {
    EventListener NONE = e -> { };

    void onEvent(EngineEvent event);
}
