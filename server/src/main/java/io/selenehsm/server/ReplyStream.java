package io.selenehsm.server;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.CallRequest;

/**
 * The sending side of one client's call stream. Replies come from the connection's I/O thread
 * (short calls) and from worker threads (the rest), so sends are serialized here; once the stream
 * ended (the client cancelled, went away, or was refused) replies are dropped, as the client no
 * longer waits for them.
 *
 * <p>Design note (concurrency): every method holds this object's lock; gRPC's stream observer is
 * not thread-safe and needs exactly that. The cancel handler keeps gRPC from throwing into a worker
 * that finishes a call after its client left.
 */
final class ReplyStream {
  private final ServerCallStreamObserver<CallReply> out;
  private boolean ended; // guarded by this

  ReplyStream(ServerCallStreamObserver<CallReply> out) {
    this.out = out;
    out.setOnCancelHandler(this::markEnded);
  }

  private synchronized void markEnded() {
    ended = true;
  }

  synchronized void send(CallReply.Builder reply) {
    if (!ended) {
      out.onNext(reply.build());
    }
  }

  /** Ends the stream with PERMISSION_DENIED: the client's waiting calls fail with the reason. */
  synchronized void refuse(String reason) {
    if (!ended) {
      ended = true;
      out.onError(Status.PERMISSION_DENIED.withDescription(reason).asRuntimeException());
    }
  }

  /** Ends the stream normally (the client half-closed or cancelled it). */
  synchronized void end() {
    if (!ended) {
      ended = true;
      out.onCompleted();
    }
  }

  /** A request side that drops what a refused client still sends. */
  StreamObserver<CallRequest> ignoring() {
    return new StreamObserver<>() {
      @Override
      public void onNext(CallRequest value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}
