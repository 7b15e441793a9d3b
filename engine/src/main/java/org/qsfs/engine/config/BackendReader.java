package org.qsfs.engine.config;

import java.util.ArrayList;
import java.util.List;

/** Reads backend tables ({@code address}, {@code namespace}, {@code password}): the same shape in QSFS and zstor files. */
final class BackendReader {
    private BackendReader() {
    }

    static List<BackendConfig> readAll(List<ConfigNode> tables) {
        List<BackendConfig> out = new ArrayList<>();
        for (ConfigNode t : tables) {
            BackendConfig b = read(t);
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    /** The backend, or null when the table has a problem (recorded). */
    static BackendConfig read(ConfigNode t) {
        String address = t.string("address");
        String namespace = t.string("namespace");
        String password = t.string("password");
        t.finish();
        if (address == null) {
            if (!t.has("address")) {
                t.problem("address", "missing; write the backend's host:port, e.g. address = \"10.0.0.1:9900\"");
            }
            return null;
        }
        HostPort hp;
        try {
            hp = HostPort.parse(address);
        } catch (IllegalArgumentException e) {
            t.problem("address", e.getMessage());
            return null;
        }
        if (namespace != null && (namespace.isEmpty() || namespace.chars().anyMatch(c -> c <= ' ' || c == '/'))) {
            t.problem("namespace", "'" + namespace + "' is not a usable namespace name (no spaces, slashes or"
                    + " empty names); leave it out to use the backend's default namespace");
            return null;
        }
        return new BackendConfig(hp, namespace, password);
    }
}
