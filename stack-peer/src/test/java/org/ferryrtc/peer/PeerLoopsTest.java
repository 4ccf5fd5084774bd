package org.ferryrtc.peer;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link PeerLoops} with stand-in connections (an {@link OwnerLoop} with a settable deadline):
 * ordering, mutual exclusion, timers, failures, stop and close. Real threads and a real clock, so
 * every wait is bounded (latches with timeouts, never a sleep); timer checks have a lateness
 * tolerance but never allow a timer to run early.
 */
class PeerLoopsTest {
    private static final long MS = 1_000_000L;

    /** A stand-in connection: state touched only by its tasks and its timer. */
    static final class Conn {
        final OwnerLoop owner;
        final AtomicBoolean inFlight = new AtomicBoolean();
        final AtomicInteger overlaps;
        /** The deadline, nanoTime; written by tasks and the timer (or directly, to simulate a stale timer). */
        volatile long deadline = Long.MAX_VALUE;
        volatile Runnable timerAction = () -> { };
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        Conn(PeerLoops loops, AtomicInteger overlaps) {
            this.overlaps = overlaps;
            this.owner = loops.newOwner(() -> deadline, () -> guarded(() -> timerAction.run()));
        }

        /** Runs {@code r} flagged in flight: a second task of this connection meanwhile is an overlap. */
        void guarded(Runnable r) {
            if (!inFlight.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
            }
            threads.add(Thread.currentThread());
            try {
                r.run();
            } finally {
                inFlight.set(false);
            }
        }

        void execute(Runnable r) {
            owner.execute(() -> guarded(r));
        }

        /** Arms the timer at {@code at} from a task (as PacketPath state changes do). */
        void armAt(long at, Runnable action) {
            execute(() -> {
                timerAction = action;
                deadline = at;
            });
        }
    }

    private static void await(CountDownLatch l, String what) throws InterruptedException {
        assertTrue(l.await(20, TimeUnit.SECONDS), what + " did not happen within 20 s");
    }

    @Test
    void fiftyConnectionsOnTwoThreadsKeepTheirOrderAndNeverRunTwoTasksAtOnce() throws Exception {
        int conns = 50, producers = 4, perProducer = 400;
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger notInLoop = new AtomicInteger();
        try (PeerLoops loops = new PeerLoops(2)) {
            List<Conn> cs = new ArrayList<>();
            int[][] lastSeq = new int[conns][producers]; // touched by each connection's tasks only
            AtomicInteger[] ran = new AtomicInteger[conns];
            AtomicInteger[] timerRuns = new AtomicInteger[conns];
            for (int i = 0; i < conns; i++) {
                Conn c = new Conn(loops, overlaps);
                cs.add(c);
                ran[i] = new AtomicInteger();
                timerRuns[i] = new AtomicInteger();
                int ci = i;
                // a 1 ms periodic timer interleaves with the tasks
                Runnable[] tick = new Runnable[1];
                tick[0] = () -> {
                    timerRuns[ci].incrementAndGet();
                    c.deadline = System.nanoTime() + MS;
                };
                c.armAt(System.nanoTime() + MS, tick[0]);
            }
            assertEquals(conns, loops.connections());
            CountDownLatch done = new CountDownLatch(conns * producers * perProducer);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ps = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int pi = p;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int s = 1; s <= perProducer; s++) {
                        int seq = s;
                        for (int i = 0; i < conns; i++) {
                            int ci = i;
                            Conn c = cs.get(i);
                            c.execute(() -> {
                                if (!c.owner.inLoop()) {
                                    notInLoop.incrementAndGet();
                                }
                                if (lastSeq[ci][pi] != seq - 1) {
                                    outOfOrder.incrementAndGet();
                                }
                                lastSeq[ci][pi] = seq;
                                long x = seq; // a little work, so that tasks can overlap if the loop allowed it
                                for (int k = 0; k < 50; k++) {
                                    x = x * 6364136223846793005L + 1442695040888963407L;
                                }
                                if (x == 42) {
                                    notInLoop.incrementAndGet();
                                }
                                ran[ci].incrementAndGet();
                                done.countDown();
                            });
                        }
                    }
                }, "producer-" + p);
                ps.add(t);
                t.start();
            }
            start.countDown();
            await(done, "all " + conns * producers * perProducer + " tasks");
            for (Thread t : ps) {
                t.join(5000);
            }
            assertEquals(0, overlaps.get(), "two tasks (or a task and the timer) of one connection overlapped");
            assertEquals(0, outOfOrder.get(), "a producer's tasks ran out of order on some connection");
            assertEquals(0, notInLoop.get(), "inLoop() is true in every task");
            Set<Thread> all = new HashSet<>();
            int[] perThread = new int[2];
            List<Thread> order = new ArrayList<>();
            for (int i = 0; i < conns; i++) {
                Conn c = cs.get(i);
                assertEquals(producers * perProducer, ran[i].get());
                assertEquals(1, c.threads.size(), "connection " + i + " is pinned to one thread: " + c.threads);
                assertTrue(timerRuns[i].get() > 0, "the timer of connection " + i + " ran");
                Thread t = c.threads.iterator().next();
                assertSame(t, c.owner.loopThread());
                all.addAll(c.threads);
                if (!order.contains(t)) {
                    order.add(t);
                }
                perThread[order.indexOf(t)]++;
            }
            assertEquals(2, all.size(), "two threads ran everything");
            for (Thread t : all) {
                assertTrue(t.getName().matches("ferry-loop-\\d+"), t.getName());
                assertTrue(t.isDaemon());
            }
            assertEquals(25, perThread[0], "least-loaded pinning spreads 50 connections 25/25");
            assertEquals(0, loops.taskErrors());
        }
    }

    @Test
    void timersRunAtTheirDeadlinesNeverEarlierAndOncePerDeadline() throws Exception {
        int conns = 50, firesEach = 3;
        Random rnd = new Random(11);
        List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger early = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (PeerLoops loops = new PeerLoops(2)) {
            CountDownLatch fired = new CountDownLatch(conns * firesEach);
            List<Conn> cs = new ArrayList<>();
            AtomicInteger[] count = new AtomicInteger[conns];
            long base = System.nanoTime();
            for (int i = 0; i < conns; i++) {
                Conn c = new Conn(loops, overlaps);
                cs.add(c);
                AtomicInteger n = count[i] = new AtomicInteger();
                long[] gaps = new long[firesEach];
                for (int k = 0; k < firesEach; k++) {
                    gaps[k] = (k == 0 ? 20 : 5) * MS + rnd.nextInt(60) * MS;
                }
                c.armAt(base + gaps[0], () -> {
                    long now = System.nanoTime();
                    long due = c.deadline;
                    if (now - due < 0) {
                        early.incrementAndGet();
                    }
                    lateness.add(now - due);
                    int k = n.incrementAndGet();
                    c.deadline = k < firesEach ? due + gaps[k] : Long.MAX_VALUE;
                    fired.countDown();
                });
            }
            await(fired, conns * firesEach + " timer runs");
            // a control timer on each thread, 100 ms on: by then a duplicate run would have happened
            CountDownLatch control = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                Conn c = new Conn(loops, overlaps);
                c.armAt(System.nanoTime() + 100 * MS, () -> {
                    c.deadline = Long.MAX_VALUE;
                    control.countDown();
                });
            }
            await(control, "the control timers");
            assertEquals(0, early.get(), "a timer ran before its deadline");
            for (int i = 0; i < conns; i++) {
                assertEquals(firesEach, count[i].get(), "connection " + i + ": one run per deadline");
            }
            List<Long> sorted = new ArrayList<>(lateness);
            Collections.sort(sorted);
            long median = sorted.get(sorted.size() / 2);
            long max = sorted.get(sorted.size() - 1);
            assertTrue(median < 25 * MS, "median lateness " + median / 1000 + " us");
            assertTrue(max < 1000 * MS, "max lateness " + max / 1000 + " us");
            assertEquals(0, overlaps.get());
        }
    }

    @Test
    void aDeadlineMovedEarlierOrLaterRekeysTheTimerAndAStaleTimerIsANoOp() throws Exception {
        AtomicInteger overlaps = new AtomicInteger();
        try (PeerLoops loops = new PeerLoops(1)) {
            long t0 = System.nanoTime();
            // earlier: armed 10 s away, moved to 30 ms by a later task -> runs at ~30 ms
            Conn a = new Conn(loops, overlaps);
            CountDownLatch aRan = new CountDownLatch(1);
            long[] aAt = new long[2];
            Runnable aAction = () -> {
                aAt[1] = System.nanoTime();
                a.deadline = Long.MAX_VALUE;
                aRan.countDown();
            };
            a.armAt(t0 + 10_000 * MS, aAction);
            a.execute(() -> a.deadline = aAt[0] = t0 + 30 * MS);
            // later: armed at 40 ms, moved 10 s away by a task -> does not run
            Conn b = new Conn(loops, overlaps);
            AtomicInteger bRuns = new AtomicInteger();
            b.armAt(t0 + 40 * MS, bRuns::incrementAndGet);
            b.execute(() -> b.deadline = t0 + 10_000 * MS);
            // stale: armed at 50 ms, then the deadline moves without a task (the loop cannot know):
            // the timer fires, finds nothing due, runs nothing and re-arms for the new deadline
            Conn c = new Conn(loops, overlaps);
            AtomicInteger cRuns = new AtomicInteger();
            CountDownLatch cArmed = new CountDownLatch(1);
            c.armAt(t0 + 50 * MS, cRuns::incrementAndGet);
            c.execute(cArmed::countDown);
            await(cArmed, "c armed");
            c.deadline = t0 + 10_000 * MS;
            Conn control = new Conn(loops, overlaps);
            CountDownLatch controlRan = new CountDownLatch(1);
            control.armAt(t0 + 200 * MS, () -> {
                control.deadline = Long.MAX_VALUE;
                controlRan.countDown();
            });
            await(aRan, "a's timer");
            await(controlRan, "the control timer");
            assertTrue(aAt[1] - aAt[0] >= 0, "not before the moved deadline");
            assertTrue(aAt[1] - t0 < 5_000 * MS, "the moved-earlier deadline was used, not the 10 s one");
            assertEquals(0, bRuns.get(), "the moved-later timer did not run at its old deadline");
            assertEquals(0, cRuns.get(), "the stale timer ran nothing");
            // b and c stay armed (10 s); a and the control are disarmed; then b is disarmed by a task
            LoopThread loop = (LoopThread) a.owner.loopThread();
            CountDownLatch check = new CountDownLatch(1);
            int[] armed = new int[2];
            b.execute(() -> {
                armed[0] = loop.timersArmed();
                b.deadline = Long.MAX_VALUE;
            });
            c.execute(() -> {
                armed[1] = loop.timersArmed();
                check.countDown();
            });
            await(check, "the checks");
            assertEquals(2, armed[0], "b and c armed");
            assertEquals(1, armed[1], "b disarmed after its task, c still armed");
            assertEquals(0, overlaps.get());
        }
    }

    @Test
    void aThrowingTaskOrTimerIsCountedAndTheLoopGoesOn() throws Exception {
        AtomicInteger overlaps = new AtomicInteger();
        try (PeerLoops loops = new PeerLoops(1)) {
            Conn a = new Conn(loops, overlaps);
            Conn b = new Conn(loops, overlaps);
            assertSame(a.owner.loopThread(), b.owner.loopThread());
            AtomicInteger aRan = new AtomicInteger();
            AtomicInteger bRan = new AtomicInteger();
            IllegalStateException bug = new IllegalStateException("a bug");
            a.execute(() -> {
                throw bug;
            });
            b.execute(bRan::incrementAndGet);
            a.execute(() -> {
                throw new AssertionError("an Error too");
            });
            a.execute(aRan::incrementAndGet);
            CountDownLatch timerThrew = new CountDownLatch(1);
            a.armAt(System.nanoTime() + 5 * MS, () -> {
                a.deadline = Long.MAX_VALUE;
                timerThrew.countDown();
                throw new IllegalArgumentException("a timer bug");
            });
            await(timerThrew, "the throwing timer");
            // a call after all of that is answered on the same thread
            assertEquals(7, a.owner.call(() -> 7));
            assertEquals(1, aRan.get(), "a's task after the throwing ones ran");
            assertEquals(1, bRan.get(), "b's task between them ran");
            assertEquals(3, a.owner.taskErrors);
            assertEquals(0, b.owner.taskErrors);
            assertEquals(3, loops.taskErrors());
            assertInstanceOf(IllegalArgumentException.class, a.owner.lastError);
            assertTrue(a.owner.loopThread().isAlive());
            assertEquals(2, loops.connections());
        }
    }

    @Test
    void stoppingOneConnectionDropsItsWorkAndLeavesTheOthersRunning() throws Exception {
        AtomicInteger overlaps = new AtomicInteger();
        try (PeerLoops loops = new PeerLoops(1)) {
            Conn a = new Conn(loops, overlaps);
            Conn b = new Conn(loops, overlaps);
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch inGate = new CountDownLatch(1);
            AtomicInteger aTimer = new AtomicInteger();
            a.armAt(System.nanoTime() + 50 * MS, aTimer::incrementAndGet);
            a.execute(() -> {
                inGate.countDown();
                try {
                    gate.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await(inGate, "a's gate task");
            AtomicInteger aLater = new AtomicInteger();
            for (int i = 0; i < 10; i++) {
                a.execute(aLater::incrementAndGet);
            }
            AtomicReference<Throwable> callFailure = new AtomicReference<>();
            AtomicBoolean callRan = new AtomicBoolean();
            CountDownLatch callDone = new CountDownLatch(1);
            Thread caller = new Thread(() -> {
                try {
                    a.owner.call(() -> {
                        callRan.set(true);
                        return null;
                    });
                } catch (Throwable t) {
                    callFailure.set(t);
                }
                callDone.countDown();
            });
            caller.start();
            // the caller's task is queued behind the gate (bounded wait for it to be enqueued)
            long end = System.nanoTime() + 5_000 * MS;
            while (System.nanoTime() < end && caller.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            a.owner.stop();
            a.owner.stop(); // idempotent
            assertEquals(1, loops.connections(), "a is unpinned");
            long released = System.nanoTime();
            gate.countDown();
            await(callDone, "the pending call's answer");
            assertTrue(System.nanoTime() - released < 10_000 * MS, "the pending call failed at once, not after 30 s");
            assertInstanceOf(IllegalStateException.class, callFailure.get());
            assertFalse(callRan.get());
            a.execute(aLater::incrementAndGet);
            assertThrows(IllegalStateException.class, () -> a.owner.call(() -> 1), "a call after stop fails");
            // b keeps running tasks and timers on the same thread, past a's old deadline
            CountDownLatch bTimer = new CountDownLatch(1);
            b.armAt(System.nanoTime() + 100 * MS, () -> {
                b.deadline = Long.MAX_VALUE;
                bTimer.countDown();
            });
            assertEquals("b", b.owner.call(() -> "b"));
            await(bTimer, "b's timer");
            assertEquals(0, aLater.get(), "a's queued tasks were dropped");
            assertEquals(0, aTimer.get(), "a's timer was disarmed");
            assertTrue(b.owner.loopThread().isAlive());
            assertEquals(0, overlaps.get());
        }
    }

    @Test
    void synchronousCallsFromAnotherConnectionsLoopFailFastInsteadOfDeadlocking() throws Exception {
        AtomicInteger overlaps = new AtomicInteger();
        try (PeerLoops two = new PeerLoops(2); PeerLoops one = new PeerLoops(1)) {
            Conn a = new Conn(two, overlaps);
            Conn b = new Conn(two, overlaps);
            assertNotSame(a.owner.loopThread(), b.owner.loopThread(), "pinned to different threads");
            // a and b call each other at the same time: the classic cross-loop deadlock
            CyclicBarrier both = new CyclicBarrier(2);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(2);
            for (Conn[] pair : new Conn[][] {{a, b}, {b, a}}) {
                pair[0].execute(() -> {
                    try {
                        both.await(10, TimeUnit.SECONDS);
                        pair[1].owner.call(() -> "never");
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                    done.countDown();
                });
            }
            await(done, "both cross calls");
            assertEquals(2, failures.size());
            for (Throwable t : failures) {
                assertInstanceOf(IllegalStateException.class, t, String.valueOf(t));
            }
            // same thread, other connection: could never run, fails as well; own connection: inline
            Conn c = new Conn(one, overlaps);
            Conn d = new Conn(one, overlaps);
            Object[] got = new Object[3];
            CountDownLatch cDone = new CountDownLatch(1);
            c.execute(() -> {
                try {
                    d.owner.call(() -> "never");
                } catch (Throwable t) {
                    got[0] = t;
                }
                got[1] = c.owner.callUnchecked(() -> c.owner.inLoop() ? "inline" : "queued");
                d.owner.execute(() -> got[2] = "queued to d");
                cDone.countDown();
            });
            await(cDone, "c's task");
            assertEquals("d", d.owner.call(() -> "d")); // after the task c queued to d
            assertInstanceOf(IllegalStateException.class, got[0]);
            assertEquals("inline", got[1]);
            assertEquals("queued to d", got[2]);
            // from an application thread: results and exceptions come back as they are
            assertEquals(42, a.owner.call(() -> 42));
            assertThrows(IOException.class, () -> a.owner.call(() -> {
                throw new IOException("x");
            }));
            PeerException pe = assertThrows(PeerException.class, () -> a.owner.callChecked(() -> {
                throw new IOException("no socket");
            }));
            assertTrue(pe.getMessage().contains("no socket"));
            assertEquals(0, two.taskErrors() + one.taskErrors(), "the failures were the callers', not the loops'");
        }
    }

    @Test
    void aBusyConnectionCannotStarveAnotherOnItsThread() throws Exception {
        AtomicInteger overlaps = new AtomicInteger();
        try (PeerLoops loops = new PeerLoops(1)) {
            Conn a = new Conn(loops, overlaps);
            Conn b = new Conn(loops, overlaps);
            CountDownLatch gate = new CountDownLatch(1);
            a.execute(() -> {
                try {
                    gate.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int many = 10_000;
            AtomicInteger aRan = new AtomicInteger();
            CountDownLatch all = new CountDownLatch(many + 1);
            for (int i = 0; i < many; i++) {
                a.execute(() -> {
                    aRan.incrementAndGet();
                    all.countDown();
                });
            }
            int[] seenByB = {-1};
            b.execute(() -> {
                seenByB[0] = aRan.get();
                all.countDown();
            });
            gate.countDown();
            await(all, "every task");
            assertTrue(seenByB[0] >= 0 && seenByB[0] <= 2 * OwnerLoop.BATCH && seenByB[0] < many / 10,
                    "b ran after at most two of a's batches, not after all " + many + ": " + seenByB[0]);
        }
    }

    @Test
    void closeStopsTheThreadsAndTheConnectionsOnThem() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new PeerLoops(0));
        AtomicInteger overlaps = new AtomicInteger();
        PeerLoops loops = new PeerLoops(3);
        assertEquals(3, loops.threads());
        Set<Thread> threads = new HashSet<>();
        List<Conn> cs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Conn c = new Conn(loops, overlaps);
            cs.add(c);
            threads.add(c.owner.loopThread());
        }
        assertEquals(3, threads.size(), "least-loaded pinning: one connection per thread");
        for (Thread t : threads) {
            assertTrue(t.isAlive());
            assertTrue(t.isDaemon());
        }
        loops.close();
        loops.close(); // idempotent
        assertTrue(loops.isClosed());
        for (Thread t : threads) {
            assertFalse(t.isAlive(), t.getName() + " ended");
        }
        assertThrows(IllegalStateException.class, () -> new Conn(loops, overlaps));
        AtomicInteger ran = new AtomicInteger();
        cs.get(0).execute(ran::incrementAndGet);
        assertThrows(IllegalStateException.class, () -> cs.get(1).owner.call(() -> 1));
        assertEquals(0, ran.get());
        try (PeerLoops dflt = new PeerLoops()) {
            assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors()), dflt.threads());
        }
        assertSame(PeerLoops.shared(), PeerLoops.shared());
    }
}
