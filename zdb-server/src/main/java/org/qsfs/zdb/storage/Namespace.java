package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.file.Path;
import org.qsfs.zdb.hooks.Hooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One namespace (namespace_t, libzdb/namespace.c): its settings, index and data files. */
public final class Namespace {
    private static final Logger LOG = LoggerFactory.getLogger(Namespace.class);

    private final String name;
    private final Path indexPath;
    private final Path dataPath;
    private final StorageSettings settings;
    private final StorageStats global;
    private String password;
    private boolean isPublic = true;
    private long maxSize;
    private boolean worm;
    private NamespaceLock lock = NamespaceLock.UNLOCKED;
    private Index index;
    private DataStore data;

    private Namespace(String name, StorageSettings settings, StorageStats global) {
        this.name = name;
        this.settings = settings;
        this.global = global;
        this.indexPath = settings.indexPath().resolve(name);
        this.dataPath = settings.dataPath().resolve(name);
    }

    /** namespace_load: creates the directories and descriptor if needed, then loads index and data. */
    static Namespace load(String name, StorageSettings settings, StorageStats global) throws IOException {
        Namespace ns = new Namespace(name, settings, global);
        java.nio.file.Files.createDirectories(ns.indexPath);
        java.nio.file.Files.createDirectories(ns.dataPath);
        ns.loadDescriptor();
        ns.loadFiles();
        return ns;
    }

    private Path descriptorFile() {
        return indexPath.resolve(StorageFormat.NAMESPACE_FILE);
    }

    private void loadDescriptor() throws IOException {
        NamespaceDescriptor d = NamespaceDescriptor.read(descriptorFile());
        if (d == null) {
            writeDescriptor();
            return;
        }
        password = d.password;
        isPublic = d.isPublic;
        worm = d.worm;
        maxSize = d.maxSize;
    }

    private void writeDescriptor() throws IOException {
        NamespaceDescriptor.write(descriptorFile(),
                NamespaceDescriptor.encode(name, password, maxSize, isPublic, worm));
    }

    // namespace_load_lazy, plus the torn-tail repair upstream does not have
    private void loadFiles() throws IOException {
        IndexMode defaultMode = settings.defaultMode();
        TailRepair.repair(indexPath, dataPath, defaultMode);
        Index idx = new Index(indexPath, defaultMode, settings, global);
        IndexLoader.load(idx, defaultMode, settings.mixedMode());
        try {
            data = new DataStore(dataPath, idx.indexId(), settings, global);
        } catch (IOException e) {
            idx.close();
            throw e;
        }
        index = idx;
        LOG.info("namespace: [{}] loaded: {} mode, {} entries, {} bytes, file {}", name,
                idx.mode().upstreamName(), idx.entries(), idx.dataSize(), idx.indexId());
    }

    private void closeFiles() {
        if (index != null) index.close();
        if (data != null) data.close();
    }

    public String name() {
        return name;
    }

    public Path indexPath() {
        return indexPath;
    }

    public Path dataPath() {
        return dataPath;
    }

    /** The password, or null when none. */
    public String password() {
        return password;
    }

    /** Sets (or clears with null / empty) the password; call {@link #commit()} to persist. */
    public void setPassword(String password) {
        this.password = password == null || password.isEmpty() ? null : password;
    }

    public boolean isPublic() {
        return isPublic;
    }

    public void setPublic(boolean v) {
        isPublic = v;
    }

    public long maxSize() {
        return maxSize;
    }

    public void setMaxSize(long v) {
        maxSize = v;
    }

    public boolean worm() {
        return worm;
    }

    public void setWorm(boolean v) {
        worm = v;
    }

    public NamespaceLock lock() {
        return lock;
    }

    public void setLock(NamespaceLock l) {
        lock = l == null ? NamespaceLock.UNLOCKED : l;
    }

    /** namespace_is_locked: locked or frozen. */
    public boolean isLocked() {
        return lock != NamespaceLock.UNLOCKED;
    }

    public boolean isFrozen() {
        return lock == NamespaceLock.READ_WRITE;
    }

    public void freeze() {
        lock = NamespaceLock.READ_WRITE;
    }

    public void unfreeze() {
        lock = NamespaceLock.UNLOCKED;
    }

    /** namespace_commit: rewrites the descriptor and fires "namespace-updated". */
    public void commit() throws StorageException {
        try {
            writeDescriptor();
        } catch (IOException e) {
            LOG.warn("namespace: [{}] cannot write descriptor: {}", name, e.toString());
            throw new StorageException("Cannot update namespace", e);
        }
        Hooks h = settings.hooks();
        if (h.enabled()) h.fire("namespace-updated", settings.zdbId(), name);
    }

    /** namespace_is_fresh: nothing was ever written (not even deleted keys). */
    public boolean isFresh() {
        return index.nextEntry() == 0 && index.nextObjectId() == 0 && index.indexId() == 0;
    }

    /** NSSET mode: only on a fresh namespace; rewrites the mode byte of i0. */
    public void switchMode(IndexMode m) throws StorageException {
        if (!isFresh()) throw new StorageException("Cannot change mode of used namespace");
        try {
            index.switchMode(m);
        } catch (IOException e) {
            throw new StorageException("Cannot change mode of used namespace", e);
        }
    }

    /** command_set's rotation test: would a payload of this length overflow the current data file? */
    public boolean needsJump(long payloadLength) {
        return data.nextOffset() + payloadLength > settings.dataSize();
    }

    /** Jumps to the next file pair when {@link #needsJump}; true when it did. */
    public boolean rotateIfNeeded(long payloadLength) throws StorageException {
        if (!needsJump(payloadLength)) return false;
        jump();
        return true;
    }

    /** NSJUMP: index_jump_next then data_jump_next; returns the new file id. */
    public long jump() throws StorageException {
        long id = index.jumpNext();
        data.jumpNext(id);
        return id;
    }

    /** FLUSH: removes every index and data file (not the descriptor) and starts empty. */
    public void flush() throws StorageException {
        closeFiles();
        try {
            Index.deleteFiles(indexPath);
            DataStore.deleteFiles(dataPath);
            loadFiles();
        } catch (IOException e) {
            LOG.error("namespace: [{}] flush failed: {}", name, e.toString());
            throw new StorageException("Cannot flush namespace", e);
        }
    }

    /** RELOAD: closes and re-reads the files; fires "namespace-reloaded". */
    public void reload() throws StorageException {
        closeFiles();
        try {
            loadFiles();
        } catch (IOException e) {
            LOG.error("namespace: [{}] reload failed: {}", name, e.toString());
            throw new StorageException("Cannot reload namespace", e);
        }
        Hooks h = settings.hooks();
        if (h.enabled()) h.fire("namespace-reloaded", settings.zdbId(), name);
    }

    public Index index() {
        return index;
    }

    public DataStore data() {
        return data;
    }

    // namespaces_emergency for one namespace: "namespace-closing" hook then fsync
    void emergency() {
        Hooks h = settings.hooks();
        if (h.enabled() && index != null && data != null) {
            h.fire("namespace-closing", settings.zdbId(), name, index.indexFile().toString(),
                    data.dataFile().toString(), index.dirtyListString());
        }
        if (index != null) index.emergency();
        if (data != null) data.emergency();
    }

    void close() {
        closeFiles();
    }

    @Override
    public String toString() {
        return "Namespace[" + name + "]";
    }
}
