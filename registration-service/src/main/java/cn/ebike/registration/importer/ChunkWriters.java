package cn.ebike.registration.importer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chunk writes of one import, run on a shared executor (the application's {@code ManagedExecutor}, i.e.
 * Quarkus' worker pool) instead of a thread pool created per request, with the import's own bounds kept:
 * <ul>
 * <li>at most {@code lanes} chunks are written at a time (the {@code registration.importer.writers} setting):
 * at most that many tasks are on the executor, each draining the import's queue of parsed chunks;</li>
 * <li>parsing runs ahead of the writers by at most one chunk per lane: {@link #submit} blocks while
 * {@code 2 × lanes} chunks are parsed and not yet written, so memory stays flat;</li>
 * <li>the first failure is kept ({@link #failure()}); chunks queued after it are dropped, not written.</li>
 * </ul>
 * A lane is an executor task, not a thread: when the queue is empty the task ends and gives its worker thread back.
 */
final class ChunkWriters {

    /** One chunk's write; may throw anything (it is recorded as the import's failure). */
    interface Write {
        void run() throws Exception;
    }

    private final Executor executor;
    private final int lanes;
    private final int capacity;
    private final Semaphore inFlight;
    private final Queue<Write> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean abandoned;

    ChunkWriters(Executor executor, int lanes) {
        this.executor = executor;
        this.lanes = Math.max(1, lanes);
        this.capacity = this.lanes * 2;
        this.inFlight = new Semaphore(capacity);
    }

    /** Queues one chunk's write, waiting while {@code 2 × lanes} chunks are already waiting or being written. */
    void submit(Write write) throws InterruptedException {
        inFlight.acquire();
        queue.add(write);
        if (!takeLane()) {
            return; // every lane is busy: one of them takes it from the queue
        }
        try {
            executor.execute(this::drain);
        } catch (RuntimeException refused) {
            active.decrementAndGet();
            if (queue.remove(write)) {
                inFlight.release();
            }
            throw refused;
        }
    }

    /** The first failure of a chunk write, or null. */
    Throwable failure() {
        return failure.get();
    }

    /** Waits until every submitted chunk is written (or dropped after a failure); logs while it waits. */
    void await(Runnable stillWaiting) throws InterruptedException {
        while (!inFlight.tryAcquire(capacity, 10, TimeUnit.SECONDS)) {
            stillWaiting.run();
        }
        inFlight.release(capacity);
    }

    /** Drops the chunks not yet started (the import ended early); chunks being written finish on their own. */
    void abandon() {
        abandoned = true;
    }

    private boolean takeLane() {
        for (int n = active.get(); n < lanes; n = active.get()) {
            if (active.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private void drain() {
        while (true) {
            Write write = queue.poll();
            if (write == null) {
                active.decrementAndGet();
                // a chunk queued between the poll and the decrement found every lane busy: take it back
                if (queue.isEmpty() || !takeLane()) {
                    return;
                }
                continue;
            }
            try {
                if (failure.get() == null && !abandoned) {
                    write.run();
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                inFlight.release();
            }
        }
    }
}
