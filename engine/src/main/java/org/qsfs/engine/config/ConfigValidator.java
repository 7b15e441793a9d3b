package org.qsfs.engine.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qsfs.engine.placement.PlacementException;
import org.qsfs.engine.placement.PlacementPolicy;

/**
 * The rules a configuration must meet beyond its syntax: enough backends for k + m,
 * groups that let placement keep its promise, distinct backends, block and shard sizes a
 * 0-db can hold. Each problem names the field and says what to do.
 */
public final class ConfigValidator {
    /** Smallest and largest block a volume may use. */
    public static final long MIN_BLOCK_SIZE = 64L * 1024;
    public static final long MAX_BLOCK_SIZE = 16L * 1024 * 1024;
    /** A 0-db value (one shard with its header and the GCM overhead) is at most 8 MiB. */
    public static final long MAX_SHARD_SIZE = 8L * 1024 * 1024 - 64 * 1024;
    public static final long MIN_CACHE_SIZE = 64L * 1024 * 1024;

    private ConfigValidator() {
    }

    /** Throws when {@code config} breaks a rule; the exception lists every problem. */
    public static void validate(QsfsConfig config, String source) throws ConfigException {
        List<String> p = problems(config);
        if (!p.isEmpty()) {
            throw new ConfigException(source, p);
        }
    }

    /** Every rule {@code config} breaks; empty when it is usable. */
    public static List<String> problems(QsfsConfig c) {
        Problems p = new Problems();
        shards(c, p);
        blockSize(c, p);
        groups(c, p);
        metadata(c.metadata(), p);
        if (c.cache().sizeBytes() < MIN_CACHE_SIZE) {
            p.add("cache.size", Sizes.format(c.cache().sizeBytes()) + " is too small; give at least "
                    + Sizes.format(MIN_CACHE_SIZE));
        }
        timeout("timeouts.connect", c.timeouts().connect(), p);
        timeout("timeouts.request", c.timeouts().request(), p);
        return problemsOf(p);
    }

    private static void shards(QsfsConfig c, Problems p) {
        if (c.dataShards() < 1) {
            p.add("data_shards", "must be at least 1 (it is k, the shards needed to read a block)");
        }
        if (c.parityShards() < 0) {
            p.add("parity_shards", "cannot be negative (it is m, the shards that may be lost)");
        }
        if (c.shards() > PlacementPolicy.MAX_SHARDS) {
            p.add("data_shards", "k + m = " + c.shards() + " but at most " + PlacementPolicy.MAX_SHARDS
                    + " shards per block are supported");
        }
        if (c.redundantGroups() < 0) {
            p.add("redundant_groups", "cannot be negative");
        }
        if (c.parityShards() == 0) {
            // Legal (e.g. for tests), but nothing survives a lost backend: say so at load time.
            org.slf4j.LoggerFactory.getLogger(ConfigValidator.class)
                    .warn("parity_shards = 0: losing any one data backend loses data");
        }
    }

    private static void blockSize(QsfsConfig c, Problems p) {
        long b = c.blockSize();
        if (b < MIN_BLOCK_SIZE || b > MAX_BLOCK_SIZE) {
            p.add("block_size", Sizes.format(b) + " is out of range " + Sizes.format(MIN_BLOCK_SIZE) + ".."
                    + Sizes.format(MAX_BLOCK_SIZE) + "; the default is " + Sizes.format(QsfsConfig.DEFAULT_BLOCK_SIZE));
            return;
        }
        if (c.dataShards() >= 1) {
            long shard = (b + c.dataShards() - 1) / c.dataShards();
            if (shard > MAX_SHARD_SIZE) {
                p.add("block_size", Sizes.format(b) + " split into data_shards = " + c.dataShards() + " gives "
                        + Sizes.human(shard) + " shards, but a 0-db value holds at most 8 MiB; lower block_size"
                        + " or raise data_shards");
            }
        }
    }

    private static void groups(QsfsConfig c, Problems p) {
        List<BackendGroup> groups = c.groups();
        if (groups.isEmpty()) {
            p.add("groups", "no data backends are configured; add a [[groups]] table with [[groups.backends]]");
            return;
        }
        Map<String, Integer> names = new HashMap<>();
        Map<String, String> seen = new HashMap<>();
        int total = 0;
        for (int i = 0; i < groups.size(); i++) {
            BackendGroup g = groups.get(i);
            String at = "groups[" + i + "]";
            if (g.name().isBlank()) {
                p.add(at + ".name", "is empty; name the site these backends are in");
            } else {
                Integer other = names.putIfAbsent(g.name(), i);
                if (other != null) {
                    p.add(at + ".name", "'" + g.name() + "' is also the name of groups[" + other + "]; each group"
                            + " is one site, so merge them or give them different names");
                }
            }
            if (g.backends().isEmpty()) {
                p.add(at + ".backends", "group '" + g.name() + "' has no backends; add [[groups.backends]] under it"
                        + " or remove the group");
            }
            for (int j = 0; j < g.backends().size(); j++) {
                duplicate(g.backends().get(j), at + ".backends[" + j + "]", seen, p);
            }
            total += g.backends().size();
        }
        if (c.dataShards() < 1 || c.parityShards() < 0 || c.shards() > PlacementPolicy.MAX_SHARDS
                || c.redundantGroups() < 0) {
            return;
        }
        if (total < c.shards()) {
            p.add("groups", "k + m = " + c.dataShards() + " + " + c.parityShards() + " = " + c.shards()
                    + " shards but only " + total + " data backend" + (total == 1 ? " is" : "s are")
                    + " configured; each shard of a block needs its own backend, so add "
                    + (c.shards() - total) + " more or lower data_shards or parity_shards");
            return;
        }
        if (c.redundantGroups() > 0 && c.redundantGroups() >= groups.size()) {
            p.add("redundant_groups", c.redundantGroups() + " but only " + groups.size() + " group"
                    + (groups.size() == 1 ? " is" : "s are") + " configured; losing every group loses everything,"
                    + " so add groups or lower redundant_groups");
            return;
        }
        try {
            c.placementPolicy().validate(c.placementBackends());
        } catch (PlacementException e) {
            p.add("redundant_groups", e.getMessage());
        }
    }

    private static void metadata(MetadataConfig m, Problems p) {
        if (m.dataShards() < 1) {
            p.add("metadata.data_shards", "must be at least 1");
        }
        if (m.parityShards() < 0) {
            p.add("metadata.parity_shards", "cannot be negative");
        }
        if (m.backends().isEmpty()) {
            p.add("metadata.backends", "no metadata backends are configured; add [[metadata.backends]] entries"
                    + " (user-mode namespaces that hold the encrypted file lists)");
            return;
        }
        Map<String, String> seen = new HashMap<>();
        for (int j = 0; j < m.backends().size(); j++) {
            duplicate(m.backends().get(j), "metadata.backends[" + j + "]", seen, p);
        }
        if (m.dataShards() >= 1 && m.parityShards() >= 0 && m.backends().size() < m.shards()) {
            p.add("metadata.backends", "metadata records have " + m.dataShards() + " + " + m.parityShards() + " = "
                    + m.shards() + " shards but only " + m.backends().size() + " metadata backend"
                    + (m.backends().size() == 1 ? " is" : "s are") + " configured; add backends or lower"
                    + " metadata.data_shards or metadata.parity_shards");
        }
    }

    private static void duplicate(BackendConfig b, String at, Map<String, String> seen, Problems p) {
        String first = seen.putIfAbsent(b.id(), at);
        if (first != null) {
            p.add(at, b.id() + " is already configured as " + first + "; each shard needs a distinct backend"
                    + " (use another namespace or server)");
        }
    }

    private static void timeout(String field, Duration d, Problems p) {
        if (d.isZero() || d.isNegative()) {
            p.add(field, "must be more than 0, e.g. \"5s\"");
        } else if (d.compareTo(Duration.ofHours(1)) > 0) {
            p.add(field, Durations.format(d) + " is longer than 1h; a backend that slow counts as failed anyway");
        }
    }

    private static List<String> problemsOf(Problems p) {
        return new ArrayList<>(p.list());
    }
}
