package io.selenehsm.server.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.util.internal.ThreadExecutorMap;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.selenehsm.server.batch.GroupCommit;
import io.selenehsm.server.wire.CallBatch;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.CallRequest;
import io.selenehsm.server.wire.DeviceServiceGrpc;
import io.selenehsm.server.wire.ReplyBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The Slot calls of one connection, carried over one long-lived {@code Calls} stream: a call is a
 * message on a stream already open, not a new HTTP/2 stream with its own headers, which is most of
 * what a small unary call costs. Calls that wait to be sent at the same moment travel as one {@link
 * CallBatch} (see {@link GroupCommit}): under load, one message, one frame and one write carry the
 * calls of many threads. The stream opens at the first call; when it breaks (the server went away,
 * or no longer admits this client) every call waiting on it fails with the stream's status, and the
 * next call opens a new one over the channel, which reconnects by itself.
 *
 * <p>Design note (concurrency): this object's lock guards the current link and its table of waiting
 * calls, so a link that breaks fails exactly the calls registered on it and none is left waiting. A
 * caller registers its call under the lock, then offers it to the link's outbox outside it; the
 * outbox lets one send run at a time, which writes every call queued by then as one batch. Sends
 * run on the channel's event loop once a reply has shown which it is (before that, on the first
 * caller's thread): the loop writes the stream anyway, and while it is busy with one batch or with
 * replies the next callers' calls gather for the next batch. Replies arrive on that loop (the
 * channel runs callbacks directly) and complete each caller's {@link PendingCall}, which wakes that
 * caller. A caller waits at most its call's deadline.
 */
final class CallStream implements AutoCloseable {
  private final DeviceServiceGrpc.DeviceServiceStub stub;
  private long nextId; // guarded by this
  private Link link; // guarded by this
  private boolean closed; // guarded by this

  CallStream(DeviceServiceGrpc.DeviceServiceStub stub) {
    this.stub = stub;
  }

  /**
   * Runs {@code request} and returns its reply, or throws the status that ended it: the stream's
   * when the stream broke, DEADLINE_EXCEEDED when no reply came within {@code deadlineMillis}.
   */
  CallReply call(CallRequest request, long deadlineMillis) {
    Link sentOn;
    PendingCall call;
    synchronized (this) {
      if (closed) {
        throw Status.UNAVAILABLE.withDescription("the connection is closed").asRuntimeException();
      }
      if (link == null) {
        Link opened = new Link();
        link = opened;
        stub.calls(opened);
        if (link != opened) {
          throw opened.failure; // the channel refused the stream at once
        }
      }
      sentOn = link;
      call = new PendingCall(request, ++nextId);
      sentOn.waiting.put(call.id, call);
    }
    try {
      sentOn.offer(call);
    } catch (RuntimeException refused) {
      // The channel's event loop is shutting down: the channel is closing.
      forget(sentOn, call.id);
      throw Status.UNAVAILABLE
          .withDescription("the connection is closing")
          .withCause(refused)
          .asRuntimeException();
    }
    try {
      return call.await(deadlineMillis);
    } catch (StatusRuntimeException e) {
      forget(sentOn, call.id);
      throw e;
    }
  }

  private synchronized void forget(Link l, long id) {
    l.waiting.remove(id);
  }

  /** Ends the stream; calls still waiting fail as if the server had gone. */
  @Override
  public void close() {
    Link l;
    synchronized (this) {
      closed = true;
      l = link;
    }
    if (l != null && l.out != null) {
      l.out.cancel("the client closed its connection", null);
    }
  }

  /** One stream: its sending side, its outbox, and the calls sent on it that wait for a reply. */
  private final class Link implements ClientResponseObserver<CallBatch, ReplyBatch> {
    private final Map<Long, PendingCall> waiting = new HashMap<>(); // guarded by CallStream.this
    private final GroupCommit<PendingCall> outbox = new GroupCommit<>(this::send);
    private ClientCallStreamObserver<CallBatch> out;
    private StatusRuntimeException failure; // guarded by CallStream.this
    private volatile Executor loop; // the channel's event loop, known from the first reply

    /**
     * Queues a call for the next batch. Once the channel's event loop is known, sends run there: a
     * write from another thread is handed to that loop anyway, and calls offered while the loop is
     * busy (reading replies, writing) then leave with the same batch.
     */
    private void offer(PendingCall call) {
      Executor l = loop;
      if (l == null) {
        outbox.offer(call);
      } else {
        outbox.offer(call, l);
      }
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<CallBatch> requests) {
      out = requests;
    }

    /** Writes one batch; runs on the outbox's one sending thread. */
    private void send(List<PendingCall> calls) {
      CallBatch.Builder batch = CallBatch.newBuilder();
      for (PendingCall c : calls) {
        batch.addRequests(c.request).addIds(c.id);
      }
      try {
        out.onNext(batch.build());
      } catch (RuntimeException e) {
        // The stream was cancelled under the sender (the client closed its connection).
        StatusRuntimeException failed =
            Status.UNAVAILABLE
                .withDescription("the call stream ended before the call was sent")
                .withCause(e)
                .asRuntimeException();
        synchronized (CallStream.this) {
          calls.forEach(c -> waiting.remove(c.id));
        }
        calls.forEach(c -> c.fail(failed));
      }
    }

    @Override
    public void onNext(ReplyBatch replies) {
      if (loop == null) {
        loop = ThreadExecutorMap.currentExecutor();
      }
      int n = replies.getRepliesCount();
      PendingCall[] answered = new PendingCall[n];
      synchronized (CallStream.this) {
        for (int i = 0; i < n && i < replies.getIdsCount(); i++) {
          answered[i] = waiting.remove(replies.getIds(i));
        }
      }
      for (int i = 0; i < n; i++) {
        if (answered[i] != null) {
          answered[i].complete(replies.getReplies(i));
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      StatusRuntimeException failure =
          t instanceof StatusRuntimeException s ? s : Status.fromThrowable(t).asRuntimeException();
      List<PendingCall> failed;
      synchronized (CallStream.this) {
        if (link == this) {
          link = null;
        }
        this.failure = failure;
        failed = new ArrayList<>(waiting.values());
        waiting.clear();
      }
      failed.forEach(c -> c.fail(failure));
    }

    @Override
    public void onCompleted() {
      onError(Status.UNAVAILABLE.withDescription("the server ended the call stream").asException());
    }
  }
}
