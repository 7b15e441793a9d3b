package org.qsfs.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a QSFS configuration file (TOML, format in docs/CONFIGURATION.md) and validates it.
 * Every problem is reported with the field's path; unknown keys are errors.
 *
 * <p>Paths in the file may start with {@code ~/} (the user's home); relative paths are
 * relative to the file's directory.
 */
public final class ConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final TomlMapper TOML = new TomlMapper();

    /** Where key files go unless the configuration says otherwise. */
    public static final String DEFAULT_KEY_FILE = "~/.config/qsfs/qsfs.key";
    public static final String DEFAULT_CACHE_DIR = "~/.cache/qsfs";

    private final Path home;

    public ConfigLoader() {
        this(Path.of(System.getProperty("user.home")));
    }

    /** @param home what {@code ~} stands for */
    public ConfigLoader(Path home) {
        this.home = home;
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws ConfigException the file is missing, unreadable, not TOML, or not a valid configuration
     */
    public QsfsConfig load(Path file) throws ConfigException {
        String text = read(file);
        Path dir = file.toAbsolutePath().getParent();
        QsfsConfig config = parse(text, dir, file.toString());
        log.debug("loaded configuration {}: k={} m={} {} data backends in {} groups", file, config.dataShards(),
                config.parityShards(), config.dataBackends().size(), config.groups().size());
        return config;
    }

    /** Parses and validates TOML text; relative paths resolve against {@code baseDir}. */
    public QsfsConfig parse(String toml, Path baseDir, String source) throws ConfigException {
        ObjectNode root = readTree(toml, source);
        Problems problems = new Problems();
        ConfigNode top = new ConfigNode(root, "", problems);

        int k = top.integer("data_shards", QsfsConfig.DEFAULT_DATA_SHARDS, 1, 256,
                "data_shards is k, the shards needed to read a block");
        int m = top.integer("parity_shards", QsfsConfig.DEFAULT_PARITY_SHARDS, 0, 255,
                "parity_shards is m, the shards that may be lost");
        int redundantGroups = top.integer("redundant_groups", 0, 0, 255, "the whole groups that may be lost");
        long blockSize = top.size("block_size", QsfsConfig.DEFAULT_BLOCK_SIZE);
        Path keyFile = path(top, "key_file", DEFAULT_KEY_FILE, baseDir);

        List<BackendGroup> groups = new ArrayList<>();
        for (ConfigNode g : top.tables("groups")) {
            String name = g.string("name");
            if (name == null && !g.has("name")) {
                g.problem("name", "missing; name the site these backends are in, e.g. name = \"site-a\"");
            }
            List<BackendConfig> backends = BackendReader.readAll(g.tables("backends"));
            g.finish();
            groups.add(new BackendGroup(name == null ? "" : name, backends));
        }
        if (!top.has("groups")) {
            problems.add("groups", "no data backends are configured; add a [[groups]] table with name = \"...\""
                    + " and [[groups.backends]] entries (see docs/qsfs.example.toml)");
        }

        MetadataConfig metadata = new MetadataConfig(MetadataConfig.DEFAULT_DATA_SHARDS,
                MetadataConfig.DEFAULT_PARITY_SHARDS, List.of());
        ConfigNode meta = top.table("metadata");
        if (meta != null) {
            int mk = meta.integer("data_shards", MetadataConfig.DEFAULT_DATA_SHARDS, 1, 256, null);
            int mm = meta.integer("parity_shards", MetadataConfig.DEFAULT_PARITY_SHARDS, 0, 255, null);
            List<BackendConfig> backends = BackendReader.readAll(meta.tables("backends"));
            meta.finish();
            metadata = new MetadataConfig(mk, mm, backends);
        } else if (!top.has("metadata")) {
            problems.add("metadata", "no metadata backends are configured; add [[metadata.backends]] entries"
                    + " (user-mode namespaces that hold the encrypted file lists)");
        }

        ConfigNode c = top.table("cache");
        CacheConfig cache = new CacheConfig(c == null ? resolve(DEFAULT_CACHE_DIR, baseDir) : path(c, "dir", DEFAULT_CACHE_DIR, baseDir),
                c == null ? CacheConfig.DEFAULT_SIZE : c.size("size", CacheConfig.DEFAULT_SIZE));
        if (c != null) {
            c.finish();
        }

        Timeouts timeouts = Timeouts.DEFAULT;
        ConfigNode t = top.table("timeouts");
        if (t != null) {
            timeouts = new Timeouts(t.duration("connect", Timeouts.DEFAULT.connect()),
                    t.duration("request", Timeouts.DEFAULT.request()));
            t.finish();
        }
        VolumeConfig volume = VolumeConfig.DEFAULT;
        ConfigNode v = top.table("volume");
        if (v != null) {
            java.time.Duration age = v.duration("max_version_age", null);
            if (age != null && age.isZero()) {
                v.problem("max_version_age", "must be longer than 0; leave it out to keep versions forever");
                age = null;
            }
            volume = new VolumeConfig(v.bool("durable_fsync", false), v.bool("keep_versions", true),
                    v.integer("max_versions_per_file", 0, 0, Integer.MAX_VALUE, "0 keeps every version"), age);
            v.finish();
        }
        top.finish();
        problems.throwIfAny(source);

        QsfsConfig config = new QsfsConfig(k, m, redundantGroups, blockSize, keyFile, groups, metadata, cache, timeouts,
                volume);
        List<String> invalid = ConfigValidator.problems(config);
        if (!invalid.isEmpty()) {
            throw new ConfigException(source, invalid);
        }
        return config;
    }

    /** {@code ~} and relative-path resolution as the loader does it. */
    public Path resolve(String path, Path baseDir) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return home.resolve(path.substring(2)).normalize();
        }
        Path p = Path.of(path);
        return (p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p)).normalize();
    }

    private Path path(ConfigNode n, String key, String dflt, Path baseDir) {
        String s = n.stringOr(key, dflt);
        if (s == null) {
            return resolve(dflt, baseDir);
        }
        if (s.isBlank()) {
            n.problem(key, "is empty; give a path or leave the key out for the default " + dflt);
            return resolve(dflt, baseDir);
        }
        try {
            return resolve(s, baseDir);
        } catch (java.nio.file.InvalidPathException e) {
            n.problem(key, "'" + s + "' is not a valid path: " + e.getReason());
            return resolve(dflt, baseDir);
        }
    }

    static String read(Path file) throws ConfigException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "no configuration file here; create one (start from"
                    + " docs/qsfs.example.toml), import a zstor one with `qsfs config import-zstor`, or point"
                    + " --config / QSFS_CONFIG at yours");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), "is not UTF-8 text; a configuration file is TOML in UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot be read: " + e, e);
        }
    }

    /** The TOML document as a tree; a syntax error names the line and column. */
    static ObjectNode readTree(String toml, String source) throws ConfigException {
        JsonNode tree;
        try {
            tree = TOML.readTree(toml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException(source, where + "not valid TOML: " + e.getOriginalMessage()
                    + "; check quotes, brackets and that each key appears once", e);
        }
        if (tree == null || tree.isMissingNode()) {
            return TOML.createObjectNode();
        }
        return (ObjectNode) tree;
    }
}
