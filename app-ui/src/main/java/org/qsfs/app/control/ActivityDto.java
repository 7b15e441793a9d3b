package org.qsfs.app.control;

/**
 * Repair and scrub activity: in plain words ("idle", "checking 120 of 800 files", ...) and as
 * counters since the daemon started.
 *
 * @param repair what repair is doing
 * @param scrub what the scrub is doing, or how the last one ended
 * @param shardsRepaired shards rebuilt since the daemon started
 * @param scrubsCompleted full scrubs finished since the daemon started
 * @param available the daemon runs repair (false: it has no key, e.g. {@code qsfs mount --no-mount})
 * @param scrubRunning a scrub is under way now
 * @param scrubObjectsDone objects (current and kept versions) checked by the running or last scrub
 * @param scrubObjectsTotal objects that scrub walks in all
 * @param scrubProblems bad shards found by the running or last scrub
 * @param repairFailures blocks whose repair failed since the daemon started (each is retried later)
 * @param blocksWaiting damaged blocks queued for repair now
 */
public record ActivityDto(String repair, String scrub, long shardsRepaired, long scrubsCompleted, boolean available,
                          boolean scrubRunning, long scrubObjectsDone, long scrubObjectsTotal, long scrubProblems,
                          long repairFailures, long blocksWaiting) {
    public static final ActivityDto IDLE = new ActivityDto("idle", "idle", 0, 0);

    /** Words and the two first counters only (samples, older daemons). */
    public ActivityDto(String repair, String scrub, long shardsRepaired, long scrubsCompleted) {
        this(repair, scrub, shardsRepaired, scrubsCompleted, true, false, 0, 0, 0, 0, 0);
    }
}
