package org.qsfs.app.ui.settings;

import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.HostPort;

/**
 * A backend as the settings window edits it.
 *
 * @param role "data" or "meta"
 * @param site its group (data backends); ignored for metadata
 */
public record BackendEntry(String role, String site, HostPort address, String namespace, String password) {
    public BackendConfig toConfig() {
        return new BackendConfig(address, namespace, password == null || password.isEmpty() ? null : password);
    }

    public String id() {
        return address + "/" + namespace;
    }

    public boolean metadata() {
        return "meta".equals(role);
    }
}
