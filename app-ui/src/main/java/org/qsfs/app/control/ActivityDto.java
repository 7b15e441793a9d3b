package org.qsfs.app.control;

/**
 * Repair and scrub activity in plain words ("idle", "checking 120 of 800 files", ...).
 *
 * @param repair what repair is doing
 * @param scrub what the scrub is doing
 * @param shardsRepaired shards rebuilt since the daemon started
 * @param scrubsCompleted full scrubs finished since the daemon started
 */
public record ActivityDto(String repair, String scrub, long shardsRepaired, long scrubsCompleted) {
    public static final ActivityDto IDLE = new ActivityDto("idle", "idle", 0, 0);
}
