package io.selenehsm.server;

import io.grpc.Status;
import io.selenehsm.server.wire.CallReply;
import java.util.List;

/**
 * Where the answers to calls a client sent together go: its {@code Calls} stream ({@link
 * ReplyStream}) or the reply of one unary {@code Call} ({@link UnaryReply}). {@link CallService}
 * runs both kinds through one path and hands the answers here, from the I/O thread and from worker
 * threads.
 */
interface Replies {
  /** A reply and the id of the call it answers. */
  record Answer(long id, CallReply reply) {}

  /** Sends one reply. */
  void send(Answer answer);

  /** Sends these replies together. */
  void sendAll(List<Answer> answers);

  /** Ends the exchange with {@code status}: every call still waiting on it fails with it. */
  void fail(Status status);
}
