package org.camsink.resolver.server;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs UDP queries on a few platform threads while traffic is light, and on virtual threads beyond that.
 *
 * <p>Why: a query that waits for its upstream on a virtual thread is woken through the JDK's poller (a master
 * poller thread, a sub-poller on a carrier, then the carrier that runs the query), several thread wake-ups
 * each worth tens of microseconds on a busy machine. A platform thread blocked in {@code recv} is woken by the
 * kernel directly. Under load it is the other way round: carriers stay busy and switch between virtual threads
 * without sleeping, and the poller collects many replies per wake-up, which costs less CPU per query than
 * platform threads sleeping and waking one query at a time.
 *
 * <p>So a task goes to an idle platform worker only while no task is running on a virtual thread; once one
 * is (every worker was busy), new tasks go to virtual threads too until they have all finished. At light load
 * every query takes the short path, and a sustained load moves to virtual threads by itself.
 */
final class UdpWorkers extends AbstractExecutorService {
    private final int maxWorkers;
    private final ExecutorService overflow;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger overflowRunning = new AtomicInteger();
    private volatile boolean shutdown;

    /** One platform thread that runs one task at a time, handed to it while it is parked and idle. */
    private final class Worker implements Runnable {
        private volatile Runnable task;
        private Thread thread;

        @Override
        public void run() {
            while (!shutdown) {
                Runnable t = task;
                if (t == null) {
                    LockSupport.park(this);
                    continue;
                }
                task = null;
                try {
                    t.run();
                } catch (RuntimeException e) {
                    // the listener's task logs its own failures; a worker never dies of one
                }
                idle.push(this);
            }
        }
    }

    UdpWorkers(int maxWorkers, ExecutorService overflow) {
        this.maxWorkers = maxWorkers;
        this.overflow = overflow;
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("UDP workers are shut down");
        }
        if (overflowRunning.get() == 0) {
            Worker w = idle.poll();
            if (w != null) {
                w.task = task;
                LockSupport.unpark(w.thread);
                return;
            }
            if (startWorker(task)) {
                return;
            }
        }
        overflowRunning.incrementAndGet();
        try {
            overflow.execute(() -> {
                try {
                    task.run();
                } finally {
                    overflowRunning.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            overflowRunning.decrementAndGet();
            throw e;
        }
    }

    private boolean startWorker(Runnable first) {
        int n = started.get();
        while (n < maxWorkers) {
            if (started.compareAndSet(n, n + 1)) {
                Worker w = new Worker();
                w.task = first;
                w.thread = Thread.ofPlatform().daemon().name("udp worker " + n).unstarted(w);
                w.thread.start();
                return true;
            }
            n = started.get();
        }
        return false;
    }

    /** Platform workers started so far (they stay, parked, when idle). */
    int platformWorkers() {
        return started.get();
    }

    @Override
    public void shutdown() {
        shutdown = true;
        for (Worker w : idle) {
            LockSupport.unpark(w.thread);
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        overflow.shutdownNow();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && overflow.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return overflow.awaitTermination(timeout, unit);
    }
}
