package io.selenehsm.server.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.CallRequest;
import io.selenehsm.server.wire.DeviceServiceGrpc;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Slot calls of one connection, carried over one long-lived {@code Calls} stream: a call is a
 * message with an id on a stream already open, not a new HTTP/2 stream with its own headers, which
 * is most of what a small unary call costs. The stream opens at the first call; when it breaks (the
 * server went away, or no longer admits this client) every call waiting on it fails with the
 * stream's status, and the next call opens a new one over the channel, which reconnects by itself.
 *
 * <p>Design note (concurrency): callers on many threads send under this object's lock, which also
 * guards the current link and its table of waiting calls, so a link that breaks fails exactly the
 * calls sent on it and none is left waiting. Replies arrive on the channel's I/O thread (the
 * channel runs callbacks directly) and complete the caller's future, which wakes the caller; no
 * other thread takes part. A caller waits at most its call's deadline.
 */
final class CallStream implements AutoCloseable {
  private final DeviceServiceGrpc.DeviceServiceStub stub;
  private long nextId;
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
    CompletableFuture<CallReply> reply = new CompletableFuture<>();
    Link sentOn;
    long id;
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
      id = ++nextId;
      sentOn.waiting.put(id, reply);
      sentOn.out.onNext(request.toBuilder().setId(id).build());
    }
    try {
      return reply.get(deadlineMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof StatusRuntimeException s
          ? s
          : Status.INTERNAL.withCause(e.getCause()).asRuntimeException();
    } catch (TimeoutException e) {
      forget(sentOn, id);
      throw Status.DEADLINE_EXCEEDED.asRuntimeException();
    } catch (InterruptedException e) {
      forget(sentOn, id);
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
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

  /** One stream: its sending side and the calls sent on it that wait for a reply. */
  private final class Link implements ClientResponseObserver<CallRequest, CallReply> {
    private final Map<Long, CompletableFuture<CallReply>> waiting = new HashMap<>();
    private ClientCallStreamObserver<CallRequest> out;
    private StatusRuntimeException failure; // guarded by CallStream.this

    @Override
    public void beforeStart(ClientCallStreamObserver<CallRequest> requests) {
      out = requests;
    }

    @Override
    public void onNext(CallReply reply) {
      CompletableFuture<CallReply> f;
      synchronized (CallStream.this) {
        f = waiting.remove(reply.getId());
      }
      if (f != null) {
        f.complete(reply);
      }
    }

    @Override
    public void onError(Throwable t) {
      StatusRuntimeException failure =
          t instanceof StatusRuntimeException s ? s : Status.fromThrowable(t).asRuntimeException();
      Map<Long, CompletableFuture<CallReply>> failed;
      synchronized (CallStream.this) {
        if (link == this) {
          link = null;
        }
        this.failure = failure;
        failed = new HashMap<>(waiting);
        waiting.clear();
      }
      failed.values().forEach(f -> f.completeExceptionally(failure));
    }

    @Override
    public void onCompleted() {
      onError(Status.UNAVAILABLE.withDescription("the server ended the call stream").asException());
    }
  }
}
