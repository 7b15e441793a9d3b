package org.qsfs.engine.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded in-memory queue of shard problems for a repair worker to drain. When full,
 * new problems are counted and dropped: a scrub finds them again, and memory stays bounded.
 */
public final class RepairQueue implements RepairListener {
    private static final Logger log = LoggerFactory.getLogger(RepairQueue.class);

    private final LinkedBlockingQueue<ShardProblem> queue;
    private final AtomicLong dropped = new AtomicLong();

    public RepairQueue(int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    @Override
    public void shardProblem(ShardProblem problem) {
        if (!queue.offer(problem) && dropped.incrementAndGet() % 1000 == 1) {
            log.warn("repair queue full; dropped {} problems so far (a scrub will find them again)", dropped.get());
        }
    }

    /** The next problem, waiting up to {@code timeout}; null when none came. */
    public ShardProblem poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** Everything queued now, removed from the queue. */
    public List<ShardProblem> drain() {
        List<ShardProblem> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    public int size() {
        return queue.size();
    }

    /** Problems dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }
}
