package org.qsfs.zdb.storage;

import java.io.IOException;
import java.util.List;

/** Registry of loaded namespaces (ns_root_t). Skeleton: implementation follows. */
public final class Namespaces implements AutoCloseable {
    public static final String DEFAULT = "default";

    private Namespaces() {
    }

    public static Namespaces open(StorageSettings s) throws IOException { throw new UnsupportedOperationException(); }
    public Namespace get(String name) { throw new UnsupportedOperationException(); }
    public Namespace getDefault() { throw new UnsupportedOperationException(); }
    public static boolean validName(String name) { throw new UnsupportedOperationException(); }
    public Namespace create(String name) throws StorageException { throw new UnsupportedOperationException(); }
    public void delete(Namespace ns) throws StorageException { throw new UnsupportedOperationException(); }
    public List<Namespace> list() { throw new UnsupportedOperationException(); }
    public int size() { throw new UnsupportedOperationException(); }
    public StorageSettings settings() { throw new UnsupportedOperationException(); }
    public StorageStats stats() { throw new UnsupportedOperationException(); }
    @Override
    public void close() { throw new UnsupportedOperationException(); }
    public void emergency() { throw new UnsupportedOperationException(); }
}
