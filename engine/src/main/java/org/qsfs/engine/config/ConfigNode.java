package org.qsfs.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One TOML table being read field by field. Every problem (wrong type, bad value) is
 * recorded with the field's full path, e.g. {@code groups[1].backends[0].address}; after
 * reading, {@link #finish()} reports every key nobody asked for, so a typo is an error
 * and never silently ignored.
 */
final class ConfigNode {
    private final ObjectNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> asked = new LinkedHashSet<>();

    ConfigNode(ObjectNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    /** The full path of {@code key} in this table. */
    String where(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(key == null ? path : where(key), message);
    }

    boolean has(String key) {
        asked.add(key);
        return node.has(key);
    }

    /** A string, or null when absent or of the wrong type (then a problem is recorded). */
    String string(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            problem(key, "expected a string in quotes, got " + describe(v));
            return null;
        }
        return v.asText();
    }

    String stringOr(String key, String dflt) {
        String s = string(key);
        return s == null && !node.has(key) ? dflt : s;
    }

    /** A whole number, or {@code dflt} when absent; out of [min, max] or mistyped is a problem. */
    int integer(String key, int dflt, int min, int max, String hint) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber()) {
            problem(key, "expected a whole number, got " + describe(v));
            return dflt;
        }
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            problem(key, v.asText() + " is out of range " + min + ".." + max + (hint == null ? "" : "; " + hint));
            return dflt;
        }
        return v.asInt();
    }

    /** true or false, or {@code dflt} when absent. */
    boolean bool(String key, boolean dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            problem(key, "expected true or false, got " + describe(v));
            return dflt;
        }
        return v.asBoolean();
    }

    /** A number of bytes, written as an integer or a string with a unit ({@link Sizes}). */
    long size(String key, long dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Sizes.parse(v.asText());
            } catch (IllegalArgumentException | ArithmeticException e) {
                problem(key, e.getMessage());
                return dflt;
            }
        }
        problem(key, "expected a size such as \"4MiB\" or a number of bytes, got " + describe(v));
        return dflt;
    }

    /** A duration written as a string with a unit ({@link Durations}). */
    java.time.Duration duration(String key, java.time.Duration dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            problem(key, "expected a duration with its unit in quotes, e.g. \"5s\" or \"500ms\", got " + describe(v));
            return dflt;
        }
        try {
            return Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return dflt;
        }
    }

    /** A sub-table, or null when absent or not a table. */
    ConfigNode table(String key) {
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            problem(key, "expected a table ([" + where(key) + "]), got " + describe(v));
            return null;
        }
        return new ConfigNode((ObjectNode) v, where(key), problems);
    }

    /** An array of tables ({@code [[key]]}), empty when absent. */
    List<ConfigNode> tables(String key) {
        JsonNode v = get(key);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problem(key, "expected an array of tables ([[" + where(key) + "]]), got " + describe(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String p = where(key) + "[" + i + "]";
            if (!e.isObject()) {
                problems.add(p, "expected a table with address, namespace, password, got " + describe(e));
                continue;
            }
            out.add(new ConfigNode((ObjectNode) e, p, problems));
        }
        return out;
    }

    /** Reports every key in this table that was never asked for. */
    void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!asked.contains(key)) {
                String near = nearest(key);
                problems.add(where(key), "unknown key" + (near == null ? "" : "; did you mean '" + near + "'?")
                        + (near == null && !asked.isEmpty() ? " (known here: " + String.join(", ", asked) + ")" : ""));
            }
        }
    }

    private JsonNode get(String key) {
        asked.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private String nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : asked) {
            int d = distance(key.toLowerCase(), known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "the string \"" + v.asText() + "\"";
        }
        if (v.isObject()) {
            return "a table";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isBoolean()) {
            return "the boolean " + v.asText();
        }
        return v.asText();
    }
}
