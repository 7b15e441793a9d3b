package org.qsfs.engine.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a configuration so the user sees them all at once. */
final class Problems {
    private final List<String> list = new ArrayList<>();

    void add(String field, String problem) {
        list.add(field.isEmpty() ? problem : field + ": " + problem);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<String> list() {
        return List.copyOf(list);
    }

    int size() {
        return list.size();
    }

    void throwIfAny(String source) throws ConfigException {
        if (!list.isEmpty()) {
            throw new ConfigException(source, list);
        }
    }
}
