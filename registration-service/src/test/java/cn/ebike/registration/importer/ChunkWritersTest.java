package cn.ebike.registration.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The import's bounds on a shared executor: parallelism, parse-ahead, failure and refusal. */
class ChunkWritersTest {

    /** stands in for the worker pool: unbounded, so any limit seen comes from ChunkWriters */
    private final ExecutorService shared = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        shared.shutdownNow();
    }

    @Test
    void writesEveryChunkWithAtMostLanesAtATime() throws Exception {
        ChunkWriters writes = new ChunkWriters(shared, 3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 200; i++) {
            int chunk = i;
            writes.submit(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(1);
                written.add(chunk);
                running.decrementAndGet();
            });
        }
        writes.await(() -> { });
        assertThat(written).hasSize(200).doesNotHaveDuplicates();
        assertThat(peak.get()).isBetween(2, 3);
        assertThat(writes.failure()).isNull();
    }

    @Test
    void parsingRunsAheadByAtMostOneChunkPerLane() throws Exception {
        ChunkWriters writes = new ChunkWriters(shared, 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger submitted = new AtomicInteger();
        Thread parser = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    writes.submit(release::await);
                    submitted.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        parser.start();
        Thread.sleep(300);
        // two being written, two waiting; the fifth submit blocks until a write ends
        assertThat(submitted.get()).isEqualTo(4);
        release.countDown();
        parser.join(5_000);
        writes.await(() -> { });
        assertThat(submitted.get()).isEqualTo(10);
    }

    @Test
    void theFirstFailureIsKeptAndLaterChunksAreNotWritten() throws Exception {
        ChunkWriters writes = new ChunkWriters(shared, 1);
        CountDownLatch failed = new CountDownLatch(1);
        AtomicInteger writtenAfter = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("connection lost");
        writes.submit(() -> {
            failed.countDown();
            throw boom;
        });
        assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
        writes.submit(writtenAfter::incrementAndGet);
        writes.await(() -> { });
        assertThat(writes.failure()).isSameAs(boom);
        assertThat(writtenAfter.get()).isZero();
    }

    @Test
    void abandonedChunksAreDroppedAndTheWaitStillEnds() throws Exception {
        ChunkWriters writes = new ChunkWriters(shared, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        writes.submit(() -> {
            started.countDown();
            release.await();
            written.incrementAndGet();
        });
        writes.submit(written::incrementAndGet);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        writes.abandon();
        release.countDown();
        writes.await(() -> { });
        assertThat(written.get()).isEqualTo(1);
    }

    @Test
    void aRefusingExecutorFailsTheSubmitAndGivesItsSlotBack() throws Exception {
        ChunkWriters writes = new ChunkWriters(runnable -> {
            throw new RejectedExecutionException("stopping");
        }, 1);
        Assertions.assertThatThrownBy(() -> writes.submit(() -> { }))
                .isInstanceOf(RejectedExecutionException.class);
        // nothing is left in flight: the wait ends at once
        writes.await(() -> {
            throw new AssertionError("still waiting for a refused chunk");
        });
    }
}
