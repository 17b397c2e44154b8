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
 * caller; the volatile write followed by an unpark publishes it. The caller parks at once: a spin
 * before parking did not shorten a lone call's round trip on a loaded two-core machine, and took
 * the cores that the event loops and the device need.
 */
final class PendingCall {
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
    long deadline = System.nanoTime() + deadlineMillis * 1_000_000L;
    Object o = outcome;
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
