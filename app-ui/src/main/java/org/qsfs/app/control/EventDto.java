package org.qsfs.app.control;

/**
 * Something that happened, for people to read.
 *
 * @param at epoch milliseconds
 * @param level "info", "warning" or "error"
 * @param text plain words, e.g. "Backend 10.0.0.5:9900 stopped answering: connection refused"
 */
public record EventDto(long at, String level, String text) {
}
