package org.qsfs.app.daemon;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.qsfs.app.control.EventDto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The most recent events in plain words, newest first, bounded; also logged. Thread-safe. */
public final class EventLog {
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final int capacity;
    private final Clock clock;
    private final Deque<EventDto> events = new ArrayDeque<>();

    public EventLog(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    public void info(String text) {
        add("info", text);
    }

    public void warning(String text) {
        add("warning", text);
    }

    public void error(String text) {
        add("error", text);
    }

    private void add(String level, String text) {
        switch (level) {
            case "error" -> log.error(text);
            case "warning" -> log.warn(text);
            default -> log.info(text);
        }
        synchronized (events) {
            events.addFirst(new EventDto(clock.millis(), level, text));
            while (events.size() > capacity) {
                events.removeLast();
            }
        }
    }

    /** Up to {@code max} events, newest first. */
    public List<EventDto> recent(int max) {
        synchronized (events) {
            List<EventDto> out = new ArrayList<>(Math.min(max, events.size()));
            for (EventDto e : events) {
                if (out.size() == max) {
                    break;
                }
                out.add(e);
            }
            return out;
        }
    }
}
