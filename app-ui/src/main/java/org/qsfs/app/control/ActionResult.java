package org.qsfs.app.control;

/** The answer to a POST: whether it was done, and what happened in plain words. */
public record ActionResult(boolean ok, String message) {
}
