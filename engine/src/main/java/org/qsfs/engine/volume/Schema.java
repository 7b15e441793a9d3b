package org.qsfs.engine.volume;

import java.sql.SQLException;

/**
 * The tables of the volume database (docs/VOLUME.md explains each). Created on first open;
 * {@code meta.schema} holds the version, and a database of a newer version is refused.
 */
final class Schema {
    static final int VERSION = 1;

    private static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value)",
        // vstate bits (Inode): 1 content changed since the last kept version; 2 removed, version not kept
        // yet (4: by a rename over it)
        "CREATE TABLE IF NOT EXISTS inode(ino INTEGER PRIMARY KEY, type INTEGER NOT NULL, perm INTEGER NOT NULL,"
            + " uid INTEGER NOT NULL, gid INTEGER NOT NULL, nlink INTEGER NOT NULL, size INTEGER NOT NULL,"
            + " alloc INTEGER NOT NULL, rdev INTEGER NOT NULL, atime INTEGER NOT NULL, mtime INTEGER NOT NULL,"
            + " ctime INTEGER NOT NULL, btime INTEGER NOT NULL, target BLOB, vstate INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS dirent(parent INTEGER NOT NULL, name BLOB NOT NULL, ino INTEGER NOT NULL,"
            + " cookie INTEGER NOT NULL, created INTEGER NOT NULL, PRIMARY KEY(parent, name)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS dirent_cookie ON dirent(parent, cookie)",
        "CREATE INDEX IF NOT EXISTS dirent_ino ON dirent(ino)",
        // state: 0 dirty, 1 uploading, 2 safe, 3 missing (restored without a reference)
        "CREATE TABLE IF NOT EXISTS block(id INTEGER PRIMARY KEY, bid BLOB NOT NULL UNIQUE, len INTEGER NOT NULL,"
            + " state INTEGER NOT NULL, ref BLOB, cached INTEGER NOT NULL, atime INTEGER NOT NULL,"
            + " refs INTEGER NOT NULL, modified INTEGER NOT NULL, retry_at INTEGER NOT NULL, crc INTEGER)",
        "CREATE INDEX IF NOT EXISTS block_upload ON block(state, modified)",
        "CREATE INDEX IF NOT EXISTS block_lru ON block(cached, state, atime)",
        "CREATE TABLE IF NOT EXISTS fblock(ino INTEGER NOT NULL, idx INTEGER NOT NULL, block INTEGER NOT NULL,"
            + " PRIMARY KEY(ino, idx)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS fblock_block ON fblock(block)",
        "CREATE TABLE IF NOT EXISTS xattr(ino INTEGER NOT NULL, name BLOB NOT NULL, value BLOB NOT NULL,"
            + " PRIMARY KEY(ino, name)) WITHOUT ROWID",
        // kind: 0 overwritten, 1 deleted, 2 replaced by a rename, 3 saved by restoreVersion
        "CREATE TABLE IF NOT EXISTS version(ino INTEGER NOT NULL, ver INTEGER NOT NULL, parent INTEGER NOT NULL,"
            + " name BLOB NOT NULL, type INTEGER NOT NULL, perm INTEGER NOT NULL, uid INTEGER NOT NULL,"
            + " gid INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL, saved INTEGER NOT NULL,"
            + " kind INTEGER NOT NULL, target BLOB, PRIMARY KEY(ino, ver)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS version_name ON version(parent, name)",
        "CREATE INDEX IF NOT EXISTS version_saved ON version(saved)",
        "CREATE TABLE IF NOT EXISTS vblock(ino INTEGER NOT NULL, ver INTEGER NOT NULL, idx INTEGER NOT NULL,"
            + " block INTEGER NOT NULL, PRIMARY KEY(ino, ver, idx)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS vblock_block ON vblock(block)",
        // directory entries that were removed or replaced: the tree at a past time
        "CREATE TABLE IF NOT EXISTS dhist(parent INTEGER NOT NULL, name BLOB NOT NULL, ino INTEGER NOT NULL,"
            + " created INTEGER NOT NULL, removed INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS dhist_parent ON dhist(parent, name)",
        "CREATE TABLE IF NOT EXISTS journal(seq INTEGER PRIMARY KEY AUTOINCREMENT, entry BLOB NOT NULL)",
        // block references whose shards are to be deleted from the backends
        "CREATE TABLE IF NOT EXISTS gc(id INTEGER PRIMARY KEY, ref BLOB NOT NULL)",
    };

    private Schema() {
    }

    static void create(Db db) throws SQLException {
        for (String s : DDL) {
            db.exec(s);
        }
    }
}
