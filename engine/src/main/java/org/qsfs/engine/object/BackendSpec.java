package org.qsfs.engine.object;

import java.util.Objects;
import org.qsfs.engine.store.NamespaceMode;
import org.qsfs.engine.zdb.BackendAddress;

/**
 * One configured backend namespace.
 *
 * @param id stable and unique (block references name it; renaming orphans its shards)
 * @param group the site it is in (placement spreads shards over groups)
 * @param address host, port, namespace and password
 * @param mode how the namespace keys entries; metadata namespaces must be {@link NamespaceMode#USER}
 */
public record BackendSpec(String id, String group, BackendAddress address, NamespaceMode mode) {
    public BackendSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mode, "mode");
    }

    /** A user-mode namespace. */
    public static BackendSpec user(String id, String group, BackendAddress address) {
        return new BackendSpec(id, group, address, NamespaceMode.USER);
    }
}
