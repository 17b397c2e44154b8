package io.selenehsm.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.selenehsm.server.wire.CallReply;
import java.util.List;

/**
 * The reply side of one unary {@code Call}: the answer to its single call, or the status that ended
 * it.
 *
 * <p>Design note (concurrency): one thread writes it, the one that runs the call (the I/O thread or
 * a worker) or, when the call could not be handed to a worker, the I/O thread that tried; the
 * call's one answer and a failure never both happen, so no lock is needed.
 */
final class UnaryReply implements Replies {
  private final StreamObserver<CallReply> out;

  UnaryReply(StreamObserver<CallReply> out) {
    this.out = out;
  }

  @Override
  public void send(Answer answer) {
    out.onNext(answer.reply());
    out.onCompleted();
  }

  @Override
  public void sendAll(List<Answer> answers) {
    if (answers.size() != 1) {
      throw new IllegalStateException(
          "a unary call has one answer, not " + answers.size() + "; this is a server bug");
    }
    send(answers.get(0));
  }

  @Override
  public void fail(Status status) {
    out.onError(status.asRuntimeException());
  }
}
