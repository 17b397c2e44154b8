package io.selenehsm.server;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.selenehsm.server.batch.GroupCommit;
import io.selenehsm.server.wire.CallBatch;
import io.selenehsm.server.wire.ReplyBatch;
import java.util.List;

/**
 * The sending side of one client's call stream. Replies come from the connection's I/O thread and
 * from worker threads; replies ready at the same moment leave as one {@link ReplyBatch} (see {@link
 * GroupCommit}). Once the stream ended (the client cancelled, went away, or was refused) replies
 * are dropped, as the client no longer waits for them.
 *
 * <p>Design note (concurrency): the outbox lets one thread at a time cut a batch, and every write
 * to gRPC's stream observer, which is not thread-safe, holds this object's lock, as do the ends of
 * the stream. The cancel handler keeps gRPC from throwing into a worker that finishes a call after
 * its client left.
 */
final class ReplyStream implements Replies {
  private final ServerCallStreamObserver<ReplyBatch> out;
  private final GroupCommit<Answer> outbox = new GroupCommit<>(this::write);
  private boolean ended; // guarded by this

  ReplyStream(ServerCallStreamObserver<ReplyBatch> out) {
    this.out = out;
    out.setOnCancelHandler(this::markEnded);
  }

  private synchronized void markEnded() {
    ended = true;
  }

  /** Sends one reply, with any others ready at the same moment. */
  @Override
  public void send(Answer answer) {
    outbox.offer(answer);
  }

  /** Sends these replies together, with any others ready at the same moment. */
  @Override
  public void sendAll(List<Answer> answers) {
    outbox.offerAll(answers);
  }

  private synchronized void write(List<Answer> answers) {
    if (ended) {
      return;
    }
    ReplyBatch.Builder batch = ReplyBatch.newBuilder();
    for (Answer a : answers) {
      batch.addReplies(a.reply()).addIds(a.id());
    }
    out.onNext(batch.build());
  }

  /** Ends the stream with PERMISSION_DENIED: the client's waiting calls fail with the reason. */
  synchronized void refuse(String reason) {
    fail(Status.PERMISSION_DENIED.withDescription(reason));
  }

  /** Ends the stream with {@code status}: the client's waiting calls fail with it. */
  @Override
  public synchronized void fail(Status status) {
    if (!ended) {
      ended = true;
      out.onError(status.asRuntimeException());
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
  StreamObserver<CallBatch> ignoring() {
    return new StreamObserver<>() {
      @Override
      public void onNext(CallBatch value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}
