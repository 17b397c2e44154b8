package io.selenehsm.server.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.CallRequest;
import java.util.concurrent.locks.LockSupport;

/**
 * One call sent on a {@link CallStream}, and the thread waiting for its reply.
 *
 * <p>Design note (concurrency): the outcome is written once, by whichever thread completes the call
 * first (the channel's I/O thread with the reply, or a thread failing the stream), and read by the
 * caller; the volatile write followed by an unpark publishes it. The caller may spin briefly before
 * it parks: a reply that comes within that time then costs no park and wake-up of the caller.
 */
final class PendingCall {
  /** How long a caller spins for its reply before it parks, in nanoseconds. */
  static final long SPIN_NANOS = Long.getLong("selene.client.spinMicros", 0) * 1000;

  final CallRequest request;
  final long id;
  private final Thread caller = Thread.currentThread();
  private volatile Object outcome; // a CallReply or a StatusRuntimeException

  PendingCall(CallRequest request, long id) {
    this.request = request;
    this.id = id;
  }

  void complete(CallReply reply) {
    settle(reply);
  }

  void fail(StatusRuntimeException failure) {
    settle(failure);
  }

  private void settle(Object o) {
    if (outcome == null) {
      synchronized (this) {
        if (outcome != null) {
          return;
        }
        outcome = o;
      }
      LockSupport.unpark(caller);
    }
  }

  /**
   * The reply, or the failure that ended the call; DEADLINE_EXCEEDED when neither came within
   * {@code deadlineMillis}, CANCELLED when the caller was interrupted.
   */
  CallReply await(long deadlineMillis) {
    long start = System.nanoTime();
    Object o = outcome;
    if (o == null && SPIN_NANOS > 0) {
      while ((o = outcome) == null && System.nanoTime() - start < SPIN_NANOS) {
        Thread.onSpinWait();
      }
    }
    long deadline = start + deadlineMillis * 1_000_000L;
    while (o == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw Status.DEADLINE_EXCEEDED.asRuntimeException();
      }
      LockSupport.parkNanos(this, left);
      o = outcome;
      if (o == null && Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
      }
    }
    if (o instanceof StatusRuntimeException s) {
      throw s;
    }
    return (CallReply) o;
  }
}
