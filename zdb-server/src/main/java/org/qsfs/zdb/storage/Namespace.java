package org.qsfs.zdb.storage;

/** One namespace (namespace_t). Skeleton: implementation follows. */
public final class Namespace {
    Namespace() {
    }

    public String name() { throw new UnsupportedOperationException(); }
    public String password() { throw new UnsupportedOperationException(); }
    public void setPassword(String password) { throw new UnsupportedOperationException(); }
    public boolean isPublic() { throw new UnsupportedOperationException(); }
    public void setPublic(boolean v) { throw new UnsupportedOperationException(); }
    public long maxSize() { throw new UnsupportedOperationException(); }
    public void setMaxSize(long v) { throw new UnsupportedOperationException(); }
    public boolean worm() { throw new UnsupportedOperationException(); }
    public void setWorm(boolean v) { throw new UnsupportedOperationException(); }
    public NamespaceLock lock() { throw new UnsupportedOperationException(); }
    public void setLock(NamespaceLock l) { throw new UnsupportedOperationException(); }
    public boolean isLocked() { throw new UnsupportedOperationException(); }
    public boolean isFrozen() { throw new UnsupportedOperationException(); }
    public void freeze() { throw new UnsupportedOperationException(); }
    public void unfreeze() { throw new UnsupportedOperationException(); }
    public void commit() throws StorageException { throw new UnsupportedOperationException(); }
    public boolean isFresh() { throw new UnsupportedOperationException(); }
    public void switchMode(IndexMode m) throws StorageException { throw new UnsupportedOperationException(); }
    public void flush() throws StorageException { throw new UnsupportedOperationException(); }
    public void reload() throws StorageException { throw new UnsupportedOperationException(); }
    public boolean needsJump(long payloadLength) { throw new UnsupportedOperationException(); }
    public boolean rotateIfNeeded(long payloadLength) throws StorageException { throw new UnsupportedOperationException(); }
    public long jump() throws StorageException { throw new UnsupportedOperationException(); }
    public Index index() { throw new UnsupportedOperationException(); }
    public DataStore data() { throw new UnsupportedOperationException(); }
}
