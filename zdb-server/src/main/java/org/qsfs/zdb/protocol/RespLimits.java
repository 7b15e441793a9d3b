package org.qsfs.zdb.protocol;

/** Protocol limits, the same as upstream 0-db's where upstream has one. */
public final class RespLimits {
    /** Most arguments in one request (upstream: 1024). */
    public static final int MAX_ARGUMENTS = 1024;
    /** Largest single argument (upstream REDIS_MAX_PAYLOAD: 8 MiB). */
    public static final int MAX_ARGUMENT_BYTES = 8 * 1024 * 1024;
    /**
     * Largest whole request. Upstream has no such cap (1024 x 8 MiB could be asked for);
     * we refuse anything above this so one client cannot exhaust the heap.
     */
    public static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;
    /** Longest header line ("*1024" or "$8388608"); anything longer is garbage. */
    public static final int MAX_HEADER_LINE = 32;

    private RespLimits() {
    }
}
