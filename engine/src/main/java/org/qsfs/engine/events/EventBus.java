package org.qsfs.engine.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to listeners; a failing listener never disturbs the engine or the others. */
public final class EventBus implements EventListener {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(EventListener l) {
        listeners.add(l);
    }

    public void unsubscribe(EventListener l) {
        listeners.remove(l);
    }

    @Override
    public void onEvent(EngineEvent event) {
        for (EventListener l : listeners) {
            deliver(l, event);
        }
    }

    /** Delivers one event to one listener, swallowing (and logging) what it throws. */
    public static void deliver(EventListener l, EngineEvent event) {
        if (l == null) {
            return;
        }
        try {
            l.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("event listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
        }
    }
}
