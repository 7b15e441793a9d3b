package org.qsfs.app.daemon;

import org.qsfs.engine.config.BackendConfig;

/**
 * A backend the daemon watches.
 *
 * @param role "data" or "meta"
 * @param group its site, or "metadata"
 */
public record WatchedBackend(String role, String group, BackendConfig config) {
}
