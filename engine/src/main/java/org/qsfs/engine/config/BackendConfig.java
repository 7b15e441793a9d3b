package org.qsfs.engine.config;

import java.util.Objects;
import org.qsfs.engine.zdb.BackendAddress;

/**
 * One configured 0-db namespace: where it is, which namespace, its password (null when it
 * has none). {@link #toString()} never shows the password.
 */
public record BackendConfig(HostPort address, String namespace, String password) {
    public static final String DEFAULT_NAMESPACE = "default";

    public BackendConfig {
        Objects.requireNonNull(address, "address");
        if (namespace == null || namespace.isEmpty()) {
            namespace = DEFAULT_NAMESPACE;
        }
        if (password != null && password.isEmpty()) {
            password = null;
        }
    }

    /** What the zdb client connects to. */
    public BackendAddress toBackendAddress() {
        return new BackendAddress(address.host(), address.port(), namespace, password);
    }

    /** Stable identity: {@code host:port/namespace}; placement hashes it, so it must not change. */
    public String id() {
        return address + "/" + namespace;
    }

    @Override
    public String toString() {
        return id() + (password == null ? "" : " (password set)");
    }
}
