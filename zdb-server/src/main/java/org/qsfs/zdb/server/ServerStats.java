package org.qsfs.zdb.server;

/** Counters reported by INFO; touched only by the event loop thread. */
public final class ServerStats {
    public final long bootEpochSeconds = System.currentTimeMillis() / 1000;
    public long clients;
    public long commandsValid;
    public long commandsFailed;
    public long adminFailed;
    public long networkRx;
    public long networkTx;
}
