package org.qsfs.zdb.storage;

/** Runtime lock state of a namespace (ns_lock_t); never persisted. */
public enum NamespaceLock {
    /** NS_LOCK_UNLOCKED = 0 */
    UNLOCKED,
    /** NS_LOCK_READ_ONLY = 1: "lock", writes refused. */
    READ_ONLY,
    /** NS_LOCK_READ_WRITE = 2: "freeze", reads and writes refused. */
    READ_WRITE
}
