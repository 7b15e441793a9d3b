package org.qsfs.engine.zdb;

/** A status reply ("+text"), such as OK or PONG. */
record RespStatus(String text) {
}
