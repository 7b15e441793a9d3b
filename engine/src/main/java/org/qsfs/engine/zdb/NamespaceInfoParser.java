package org.qsfs.engine.zdb;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Parses the text of NSINFO ("key: value" lines, '#' comments). */
final class NamespaceInfoParser {
    private NamespaceInfoParser() {
    }

    static Map<String, String> fields(byte[] text) {
        Map<String, String> m = new HashMap<>();
        for (String line : new String(text, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                m.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return m;
    }

    static NamespaceInfo parse(BackendAddress a, String namespace, byte[] text) throws ZdbException {
        Map<String, String> f = fields(text);
        if (!f.containsKey("entries") || !f.containsKey("data_size_bytes")) {
            throw new ZdbCommandException(a, "unexpected NSINFO reply",
                    "NSINFO " + namespace + " lacks 'entries' or 'data_size_bytes': is this a 0-db server?");
        }
        return new NamespaceInfo(f.getOrDefault("name", namespace),
                number(a, f, "entries", 0),
                number(a, f, "data_size_bytes", 0),
                number(a, f, "data_limits_bytes", 0),
                number(a, f, "data_disk_freespace_bytes", -1),
                f.getOrDefault("mode", "unknown"),
                "yes".equalsIgnoreCase(f.get("public")),
                "yes".equalsIgnoreCase(f.get("password")));
    }

    private static long number(BackendAddress a, Map<String, String> f, String key, long absent)
            throws ZdbException {
        String v = f.get(key);
        if (v == null) {
            return absent;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ZdbCommandException(a, "unexpected NSINFO reply",
                    "NSINFO field " + key + " is not a number: " + Resp.abbreviate(v));
        }
    }
}
