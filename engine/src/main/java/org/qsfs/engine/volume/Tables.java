package org.qsfs.engine.volume;

/** The volume's tables, sharing one database and one journal. */
public final class Tables {
    public final Db db;
    public final Journal journal;
    public final Counters counters;
    public final Inodes inodes;
    public final Dirents dirents;
    public final Blocks blocks;
    public final Xattrs xattrs;
    public final Versions versions;

    public Tables(Db db) {
        this.db = db;
        this.journal = new Journal(db);
        this.counters = new Counters(db);
        this.inodes = new Inodes(db, journal);
        this.dirents = new Dirents(db, journal, counters, ino -> {
            Inode i = inodes.get(ino);
            return i == null ? -1 : i.type.id();
        });
        this.blocks = new Blocks(db, journal);
        this.xattrs = new Xattrs(db, journal);
        this.versions = new Versions(db, journal, blocks);
    }
}
