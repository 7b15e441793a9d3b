package org.qsfs.app.ui.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.BackendGroup;
import org.qsfs.engine.config.CacheConfig;
import org.qsfs.engine.config.ConfigException;
import org.qsfs.engine.config.ConfigLoader;
import org.qsfs.engine.config.ConfigWriter;
import org.qsfs.engine.config.MetadataConfig;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.VolumeConfig;
import org.qsfs.engine.config.Timeouts;

/**
 * The engine configuration being edited in the settings window, and its conversion to a
 * validated {@link QsfsConfig}: the draft is written as TOML and read back with the same
 * {@link ConfigLoader} the daemon uses, so the window accepts exactly what the daemon accepts.
 */
public final class ConfigDraft {
    public final List<BackendEntry> backends = new ArrayList<>();
    public int k = QsfsConfig.DEFAULT_DATA_SHARDS;
    public int m = QsfsConfig.DEFAULT_PARITY_SHARDS;
    public int lostSites;
    public Path cacheDir;
    public long cacheSize = CacheConfig.DEFAULT_SIZE;
    public Path keyFile;
    public long blockSize = QsfsConfig.DEFAULT_BLOCK_SIZE;
    public int metaK = MetadataConfig.DEFAULT_DATA_SHARDS;
    public int metaM = MetadataConfig.DEFAULT_PARITY_SHARDS;
    public Timeouts timeouts = Timeouts.DEFAULT;
    /** Not edited in the window yet: kept as loaded so saving the settings never drops it. */
    public VolumeConfig volume = VolumeConfig.DEFAULT;

    public static ConfigDraft of(QsfsConfig c) {
        ConfigDraft d = new ConfigDraft();
        for (BackendGroup g : c.groups()) {
            for (BackendConfig b : g.backends()) {
                d.backends.add(new BackendEntry("data", g.name(), b.address(), b.namespace(), b.password()));
            }
        }
        for (BackendConfig b : c.metadata().backends()) {
            d.backends.add(new BackendEntry("meta", "metadata", b.address(), b.namespace(), b.password()));
        }
        d.k = c.dataShards();
        d.m = c.parityShards();
        d.lostSites = c.redundantGroups();
        d.cacheDir = c.cache().dir();
        d.cacheSize = c.cache().sizeBytes();
        d.keyFile = c.keyFile();
        d.blockSize = c.blockSize();
        d.metaK = c.metadata().dataShards();
        d.metaM = c.metadata().parityShards();
        d.timeouts = c.timeouts();
        d.volume = c.volume();
        return d;
    }

    /** The sites of the data backends, one entry per backend. */
    public List<String> dataSites() {
        return backends.stream().filter(b -> !b.metadata()).map(BackendEntry::site).toList();
    }

    /** The configuration as the daemon would load it; every problem at once in the exception. */
    public QsfsConfig toConfig(Path home) throws ConfigException {
        Map<String, List<BackendConfig>> groups = new LinkedHashMap<>();
        List<BackendConfig> meta = new ArrayList<>();
        for (BackendEntry b : backends) {
            if (b.metadata()) {
                meta.add(b.toConfig());
            } else {
                groups.computeIfAbsent(b.site(), s -> new ArrayList<>()).add(b.toConfig());
            }
        }
        List<BackendGroup> g = new ArrayList<>();
        groups.forEach((name, list) -> g.add(new BackendGroup(name, list)));
        QsfsConfig c = new QsfsConfig(k, m, lostSites, blockSize, keyFile, g, new MetadataConfig(metaK, metaM, meta),
                new CacheConfig(cacheDir, cacheSize), timeouts, volume);
        String toml = ConfigWriter.toToml(c, List.of());
        return new ConfigLoader(home).parse(toml, home, "settings");
    }
}
