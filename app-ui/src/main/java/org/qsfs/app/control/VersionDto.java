package org.qsfs.app.control;

/**
 * One kept content of a path in the drive, or its current content (what
 * {@code POST /v1/versions} lists, oldest first).
 *
 * @param id what {@code POST /v1/restore-version} takes back: {@code INODE:VERSION}
 * @param kind "overwritten", "deleted", ... or "current"
 * @param size bytes
 * @param modifiedMs the content's modification time (epoch milliseconds)
 * @param savedMs when it was kept (replaced or deleted), epoch milliseconds
 * @param current whether this is the path's content now
 */
public record VersionDto(String id, String kind, long size, long modifiedMs, long savedMs, boolean current) {
}
