package org.qsfs.engine.fs;

/**
 * A directory entry with the attributes of the inode it names ({@code attr} is null for "."
 * and ".."): what FUSE's READDIRPLUS sends, so that {@code ls -l} needs no LOOKUP per name.
 */
public record DirEntryPlus(DirEntry entry, Attr attr) {
}
