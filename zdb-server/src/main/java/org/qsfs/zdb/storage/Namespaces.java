package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.qsfs.zdb.hooks.Hooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry of loaded namespaces (ns_root_t). "default" is always first. */
public final class Namespaces implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Namespaces.class);
    public static final String DEFAULT = "default";

    private final StorageSettings settings;
    private final StorageStats stats = new StorageStats();
    private final List<Namespace> namespaces = new ArrayList<>();
    private boolean closed;

    private Namespaces(StorageSettings settings) {
        this.settings = settings;
    }

    /** namespaces_init: loads "default" (created if missing) and every other namespace directory. */
    public static Namespaces open(StorageSettings s) throws IOException {
        Files.createDirectories(s.indexPath());
        Files.createDirectories(s.dataPath());
        Hooks h = s.hooks();
        if (h.enabled()) h.fireAndWait("namespaces-init", s.zdbId(), s.indexPath().toString(), s.dataPath().toString());
        Namespaces root = new Namespaces(s);
        try {
            root.namespaces.add(Namespace.load(DEFAULT, s, root.stats));
            List<Path> dirs;
            try (Stream<Path> list = Files.list(s.indexPath())) {
                dirs = list.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList();
            }
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (!validName(name)) continue;
                root.namespaces.add(Namespace.load(name, s, root.stats));
            }
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
        LOG.info("namespaces: {} loaded", root.namespaces.size());
        return root;
    }

    /** namespace_valid_name (plus the length limit and a non-empty name). */
    public static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) return false;
        if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) return false;
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > StorageFormat.NAMESPACE_MAX_LENGTH) {
            return false;
        }
        return !name.equals(DEFAULT);
    }

    public Namespace get(String name) {
        for (Namespace ns : namespaces) {
            if (ns.name().equals(name)) return ns;
        }
        return null;
    }

    public Namespace getDefault() {
        return namespaces.get(0);
    }

    /** namespace_create; fires "namespace-created". */
    public Namespace create(String name) throws StorageException {
        if (!validName(name)) throw new StorageException("This name is not allowed");
        if (get(name) != null) throw new StorageException("This namespace is not available");
        Namespace ns;
        try {
            ns = Namespace.load(name, settings, stats);
        } catch (IOException e) {
            LOG.warn("namespace: cannot create {}: {}", name, e.toString());
            throw new StorageException("Could not create namespace", e);
        }
        namespaces.add(ns);
        Hooks h = settings.hooks();
        if (h.enabled()) h.fire("namespace-created", settings.zdbId(), name);
        return ns;
    }

    /** namespace_delete: closes and removes its directories; fires "namespace-deleted". */
    public void delete(Namespace ns) throws StorageException {
        if (ns == null || !namespaces.contains(ns)) throw new StorageException("This namespace doesn't exists");
        if (ns.name().equals(DEFAULT)) throw new StorageException("Cannot remove default namespace");
        ns.close();
        namespaces.remove(ns);
        try {
            removeTree(ns.indexPath());
            removeTree(ns.dataPath());
        } catch (IOException e) {
            LOG.warn("namespace: cannot remove files of {}: {}", ns.name(), e.toString());
            throw new StorageException("Could not delete this namespace", e);
        }
        Hooks h = settings.hooks();
        if (h.enabled()) h.fire("namespace-deleted", settings.zdbId(), ns.name());
    }

    private static void removeTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

    public List<Namespace> list() {
        return Collections.unmodifiableList(namespaces);
    }

    public int size() {
        return namespaces.size();
    }

    public StorageSettings settings() {
        return settings;
    }

    public StorageStats stats() {
        return stats;
    }

    /** namespaces_destroy: "namespace-closing" hooks, fsync, close every file. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        emergency();
        for (Namespace ns : namespaces) ns.close();
    }

    /** namespaces_emergency: best-effort hooks and fsync of every namespace, files stay open. */
    public void emergency() {
        for (Namespace ns : namespaces) {
            try {
                ns.emergency();
            } catch (RuntimeException e) {
                LOG.warn("namespace: emergency flush of {} failed: {}", ns.name(), e.toString());
            }
        }
    }
}
