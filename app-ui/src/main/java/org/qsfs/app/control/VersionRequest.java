package org.qsfs.app.control;

/**
 * The body of {@code POST /v1/versions} (only {@code path}) and {@code POST /v1/restore-version}.
 *
 * @param path an absolute path in the drive, e.g. {@code /docs/report.odt}
 * @param id a version's id from the listing ({@code INODE:VERSION}); null for the listing
 */
public record VersionRequest(String path, String id) {
}
