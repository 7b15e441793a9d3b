package org.qsfs.zdb.storage;

import java.nio.file.Path;
import java.util.Objects;
import org.qsfs.zdb.hooks.Hooks;

/**
 * Storage configuration (the parts of zdb_settings_t that libzdb reads).
 *
 * @param dataPath       root of per-namespace data directories (--data)
 * @param indexPath      root of per-namespace index directories (--index)
 * @param defaultMode    mode of new namespaces (--mode user|seq)
 * @param mixedMode      true when --mode is "mix" (the default): NSSET mode allowed on fresh namespaces
 * @param dataSize       rotate data+index files when the next write would exceed this (--datasize)
 * @param defaultMaxSize unused by libzdb itself, kept for the command layer (0 = none)
 * @param sync           fsync data+index on every write (--sync)
 * @param syncTimeSeconds fsync when the last one is older than this, on the next write (--synctime), 0 = off
 * @param zdbId          instance id passed as first hook argument
 * @param hooks          hook runner, {@link Hooks#NONE} when no --hook
 */
public record StorageSettings(Path dataPath, Path indexPath, IndexMode defaultMode, boolean mixedMode,
        long dataSize, long defaultMaxSize, boolean sync, int syncTimeSeconds, String zdbId, Hooks hooks) {

    /** ZDB_DEFAULT_DATA_MAXSIZE: 256 MiB. */
    public static final long DEFAULT_DATA_SIZE = 256L * 1024 * 1024;

    public StorageSettings {
        Objects.requireNonNull(dataPath, "dataPath");
        Objects.requireNonNull(indexPath, "indexPath");
        if (defaultMode == null) defaultMode = IndexMode.USER;
        if (dataSize <= 0) dataSize = DEFAULT_DATA_SIZE;
        if (zdbId == null) zdbId = "unknown-id";
        if (hooks == null) hooks = Hooks.NONE;
    }

    public static Builder builder(Path dataPath, Path indexPath) {
        return new Builder(dataPath, indexPath);
    }

    /** Fluent builder with upstream defaults (mixed mode, user default, 256 MiB, no sync). */
    public static final class Builder {
        private final Path dataPath;
        private final Path indexPath;
        private IndexMode defaultMode = IndexMode.USER;
        private boolean mixedMode = true;
        private long dataSize = DEFAULT_DATA_SIZE;
        private long defaultMaxSize;
        private boolean sync;
        private int syncTimeSeconds;
        private String zdbId = "unknown-id";
        private Hooks hooks = Hooks.NONE;

        private Builder(Path dataPath, Path indexPath) {
            this.dataPath = dataPath;
            this.indexPath = indexPath;
        }

        /** Fixed mode (--mode user / --mode seq): disables mixed mode. */
        public Builder mode(IndexMode m) { this.defaultMode = m; this.mixedMode = false; return this; }
        public Builder mixed() { this.defaultMode = IndexMode.USER; this.mixedMode = true; return this; }
        public Builder dataSize(long v) { this.dataSize = v; return this; }
        public Builder defaultMaxSize(long v) { this.defaultMaxSize = v; return this; }
        public Builder sync(boolean v) { this.sync = v; return this; }
        public Builder syncTime(int seconds) { this.syncTimeSeconds = seconds; return this; }
        public Builder zdbId(String v) { this.zdbId = v; return this; }
        public Builder hooks(Hooks v) { this.hooks = v; return this; }

        public StorageSettings build() {
            return new StorageSettings(dataPath, indexPath, defaultMode, mixedMode, dataSize, defaultMaxSize,
                    sync, syncTimeSeconds, zdbId, hooks);
        }
    }
}
