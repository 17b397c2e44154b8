package io.selenehsm.server;

import io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor;
import io.grpc.netty.shaded.io.netty.util.internal.ThreadExecutorMap;
import io.selenehsm.server.wire.CallRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The calls one stream received in one read of its connection, gathered to run as one batch. The
 * first call of a read schedules a task on the connection's event loop; the loop runs it once it
 * has handed this read's messages over, so the task finds every call that came with the read: one
 * call runs alone, right there, and several run as a batch whose parts use every core. No timer is
 * involved: a lone call waits only for the end of the read that brought it.
 *
 * <p>Once the stream has ended, or a batch's run says it ended it, calls still arriving are
 * dropped: nobody waits for their replies, and a call nobody is told about must not change the
 * device.
 *
 * <p>Design note (concurrency): confined to the connection's event loop thread, which delivers the
 * stream's messages and runs the task; no lock is needed. Off an event loop (no executor for the
 * current thread) calls run at once, each message its own batch.
 */
final class Arrivals {
  /** A call as it arrived: its request and the id its reply repeats. */
  record Arrived(long id, CallRequest request) {}

  private final Predicate<List<Arrived>> run; // false: the run ended the stream
  private List<Arrived> pending = new ArrayList<>(); // confined to the event loop
  private boolean scheduled; // confined to the event loop
  private boolean ended; // confined to the event loop

  /** Gathers calls for {@code run}, which answers whether the stream goes on after a batch. */
  Arrivals(Predicate<List<Arrived>> run) {
    this.run = run;
  }

  /** Gathers {@code calls} with the others of this read, or runs them now off an event loop. */
  void add(List<Arrived> calls) {
    if (ended) {
      return;
    }
    EventExecutor loop = ThreadExecutorMap.currentExecutor();
    if (loop == null) {
      runBatch(calls);
      return;
    }
    pending.addAll(calls);
    if (!scheduled) {
      scheduled = true;
      loop.execute(this::runPending);
    }
  }

  /** Drops the calls not yet run: the stream ended, so nobody waits for their replies. */
  void end() {
    ended = true;
    pending.clear();
  }

  private void runPending() {
    scheduled = false;
    List<Arrived> batch = pending;
    pending = new ArrayList<>();
    if (!ended && !batch.isEmpty()) {
      runBatch(batch);
    }
  }

  private void runBatch(List<Arrived> batch) {
    if (!run.test(batch)) {
      end();
    }
  }
}
