package org.qsfs.engine.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.qsfs.engine.crypto.MasterKey;

/**
 * Reads a zstor (ThreeFold 0-stor v2) TOML configuration and maps it to QSFS:
 * k = {@code minimal_shards}, m = {@code expected_shards - minimal_shards},
 * {@code redundant_groups} as is, {@code [[groups]]} / {@code [[groups.backends]]} as data groups
 * (named group-1, group-2, ...), {@code [meta.config] backends} as metadata backends (2 data +
 * the rest parity shards, as zstor codes its metadata), {@code max_zdb_data_dir_size} (MiB) as the
 * cache size, and the {@code [encryption] key} as a candidate master key.
 *
 * <p>zstor rejects unknown keys and so does this importer; keys of zstor that QSFS has no use
 * for are accepted and listed in {@link ZstorImport#notes()}.
 */
public final class ZstorImporter {
    /** zstor keys QSFS accepts but does not use, and why. */
    private static final String[][] IGNORED = {
        {"root", "QSFS stores by volume path, not relative to a virtual root"},
        {"socket", "the qsfs daemon has its own control API"},
        {"pid_file", "the qsfs daemon manages its own pid file"},
        {"zdbfs_mountpoint", "QSFS mounts its own drive (no 0-db-fs)"},
        {"prometheus_port", "QSFS exposes its own metrics"},
        {"zdb_index_dir_path", "QSFS has no local 0-db; its cache is [cache]"},
        {"zdb_data_dir_path", "QSFS has no local 0-db; its cache is [cache] (directory left at the default)"},
        {"network", "grid reservations are not managed by QSFS"},
        {"wallet_secret", "grid reservations are not managed by QSFS"},
        {"identity_name", "grid reservations are not managed by QSFS"},
        {"identity_email", "grid reservations are not managed by QSFS"},
        {"identity_id", "grid reservations are not managed by QSFS"},
        {"identity_mnemonic", "grid reservations are not managed by QSFS"},
    };

    private final ConfigLoader loader;

    public ZstorImporter() {
        this(new ConfigLoader());
    }

    /** @param loader resolves the default key file and cache paths */
    public ZstorImporter(ConfigLoader loader) {
        this.loader = loader;
    }

    /** Imports the zstor file at {@code file}. */
    public ZstorImport importFile(Path file) throws ConfigException {
        return parse(ConfigLoader.read(file), file.toString());
    }

    /** Imports zstor TOML text; {@code source} names it in messages. */
    public ZstorImport parse(String toml, String source) throws ConfigException {
        ObjectNode root = ConfigLoader.readTree(toml, source);
        Problems problems = new Problems();
        List<String> notes = new ArrayList<>();
        ConfigNode top = new ConfigNode(root, "", problems);

        int minimal = required(top, "minimal_shards");
        int expected = required(top, "expected_shards");
        int redundantGroups = top.integer("redundant_groups", 0, 0, 255, null);
        int redundantNodes = top.integer("redundant_nodes", 0, 0, 255, null);
        long cacheSize = CacheConfig.DEFAULT_SIZE;
        if (top.has("max_zdb_data_dir_size")) {
            int mib = top.integer("max_zdb_data_dir_size", 0, 0, Integer.MAX_VALUE, "it is in MiB");
            if (mib > 0) {
                cacheSize = Math.max(ConfigValidator.MIN_CACHE_SIZE, mib * 1024L * 1024);
                notes.add("max_zdb_data_dir_size = " + mib + " MiB became cache.size = " + Sizes.format(cacheSize));
            }
        }
        for (String[] ignored : IGNORED) {
            if (top.has(ignored[0])) {
                notes.add(ignored[0] + " is not used: " + ignored[1]);
            }
        }
        if (expected > 0 && minimal > 0 && expected < minimal) {
            problems.add("expected_shards", expected + " is smaller than minimal_shards = " + minimal
                    + "; expected_shards is the total number of shards, minimal_shards those needed to read");
        }
        if (redundantNodes > 0) {
            notes.add("redundant_nodes = " + redundantNodes + " has no QSFS equivalent: QSFS plans for losing any m = "
                    + Math.max(0, expected - minimal) + " backends, whatever their groups, or any redundant_groups"
                    + " whole groups");
        }

        MasterKey key = encryption(top, "encryption", problems);
        if (key != null) {
            notes.add("encryption.key can become the master key (qsfs config import-zstor --use-zstor-key): it is"
                    + " then shared with zstor, so anyone with the zstor file can read this volume; a new key"
                    + " (qsfs key new) is safer");
        }
        ConfigNode compression = top.table("compression");
        if (compression != null) {
            String algorithm = compression.string("algorithm");
            compression.finish();
            notes.add("compression '" + algorithm + "' is replaced by zstd, used per block when it helps");
        }

        List<BackendConfig> metaBackends = List.of();
        ConfigNode meta = top.table("meta");
        if (meta == null) {
            if (!top.has("meta")) {
                problems.add("meta", "missing; zstor configurations have a [meta] table with type = \"zdb\"");
            }
        } else {
            String type = meta.string("type");
            if (type != null && !type.equals("zdb")) {
                meta.problem("type", "'" + type + "' metadata cannot be imported; only type = \"zdb\" is supported");
            }
            ConfigNode mc = meta.table("config");
            if (mc == null) {
                if (!meta.has("config")) {
                    meta.problem("config", "missing; give [meta.config] with the metadata backends");
                }
            } else {
                if (mc.has("prefix")) {
                    String prefix = mc.string("prefix");
                    notes.add("meta.config.prefix '" + prefix + "' is not used: QSFS keys its metadata records itself"
                            + " and does not read zstor's metadata");
                }
                if (mc.has("encryption")) {
                    MasterKey metaKey = encryption(mc, "encryption", problems);
                    if (metaKey != null) {
                        metaKey.destroy();
                        notes.add("meta.config.encryption.key is not used: QSFS derives its metadata key from the"
                                + " master key");
                    }
                }
                metaBackends = BackendReader.readAll(mc.tables("backends"));
                mc.finish();
            }
            meta.finish();
        }

        List<BackendGroup> groups = new ArrayList<>();
        List<ConfigNode> groupTables = top.tables("groups");
        for (int i = 0; i < groupTables.size(); i++) {
            ConfigNode g = groupTables.get(i);
            List<BackendConfig> backends = BackendReader.readAll(g.tables("backends"));
            g.finish();
            groups.add(new BackendGroup("group-" + (i + 1), backends));
        }
        top.finish();
        if (!problems.isEmpty()) {
            if (key != null) {
                key.destroy();
            }
            problems.throwIfAny(source);
        }

        int metaData = Math.min(MetadataConfig.DEFAULT_DATA_SHARDS, Math.max(1, metaBackends.size()));
        MetadataConfig metadata = new MetadataConfig(metaData, Math.max(0, metaBackends.size() - metaData), metaBackends);
        QsfsConfig config = new QsfsConfig(minimal, expected - minimal, redundantGroups,
                QsfsConfig.DEFAULT_BLOCK_SIZE, loader.resolve(ConfigLoader.DEFAULT_KEY_FILE, null), groups, metadata,
                new CacheConfig(loader.resolve(ConfigLoader.DEFAULT_CACHE_DIR, null), cacheSize), Timeouts.DEFAULT);
        List<String> invalid = new ArrayList<>();
        for (String p : ConfigValidator.problems(config)) {
            invalid.add(zstorNames(p));
        }
        if (!invalid.isEmpty()) {
            if (key != null) {
                key.destroy();
            }
            throw new ConfigException(source, invalid);
        }
        return new ZstorImport(config, key, notes);
    }

    private static int required(ConfigNode top, String key) {
        if (!top.has(key)) {
            top.problem(key, "missing; a zstor configuration sets minimal_shards and expected_shards");
            return 0;
        }
        return top.integer(key, 0, 1, 256, null);
    }

    /** An [encryption] table: algorithm = "AES", key = 64 hex digits. */
    private static MasterKey encryption(ConfigNode parent, String name, Problems problems) {
        ConfigNode t = parent.table(name);
        if (t == null) {
            if (!parent.has(name)) {
                parent.problem(name, "missing; zstor configurations have algorithm = \"AES\" and a 64-hex-digit key");
            }
            return null;
        }
        String algorithm = t.string("algorithm");
        String hex = t.string("key");
        t.finish();
        if (algorithm != null && !algorithm.toUpperCase(Locale.ROOT).equals("AES")) {
            t.problem("algorithm", "'" + algorithm + "' is not supported; zstor only knows \"AES\"");
        }
        if (hex == null) {
            if (!t.has("key")) {
                t.problem("key", "missing; the AES key is 64 hex digits (32 bytes)");
            }
            return null;
        }
        String h = hex.trim();
        if (h.length() != 2 * MasterKey.LENGTH || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            t.problem("key", "must be " + 2 * MasterKey.LENGTH + " hex digits (32 bytes), got " + h.length()
                    + " characters" + (h.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? "" : " with non-hex ones"));
            return null;
        }
        byte[] bytes = HexFormat.of().parseHex(h);
        try {
            return MasterKey.fromBytes(bytes);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Validation messages speak QSFS; point zstor users at their own keys too. */
    private static String zstorNames(String problem) {
        return problem
                .replace("lower data_shards or parity_shards", "lower minimal_shards or expected_shards")
                .replace("metadata.backends", "meta.config.backends")
                .replaceFirst("^groups\\[(\\d+)\\]", "groups[$1]");
    }
}
