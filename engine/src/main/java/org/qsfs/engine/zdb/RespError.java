package org.qsfs.engine.zdb;

/** An error reply ("-text"), read in full: the connection is still in sync after it. */
record RespError(String message) {
}
