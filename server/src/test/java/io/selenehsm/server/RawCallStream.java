package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import io.selenehsm.device.SlotCall;
import io.selenehsm.server.wire.CallBatch;
import io.selenehsm.server.wire.CallCodec;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.DeviceServiceGrpc;
import io.selenehsm.server.wire.ReplyBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One connection to the server of a SELENE_HOME, its call stream driven by hand one batch at a
 * time, and its unary {@code Call} RPC beside it: batches exactly as the test builds them, no
 * client-side batching in between.
 */
final class RawCallStream implements AutoCloseable {
  private final EventLoopGroup loop = new EpollEventLoopGroup(1);
  private final ManagedChannel channel;
  private final StreamObserver<CallBatch> out;
  private final BlockingQueue<ReplyBatch> in = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> ended = new CompletableFuture<>();
  private long nextId = 1000;

  RawCallStream(Path home) {
    channel =
        NettyChannelBuilder.forAddress(
                new DomainSocketAddress(SeleneServer.socketPath(home).toString()))
            .channelType(EpollDomainSocketChannel.class)
            .eventLoopGroup(loop)
            .negotiationType(NegotiationType.PLAINTEXT)
            .directExecutor()
            .build();
    out =
        DeviceServiceGrpc.newStub(channel)
            .calls(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ReplyBatch value) {
                    in.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    ended.complete(Status.fromThrowable(t));
                  }

                  @Override
                  public void onCompleted() {
                    ended.complete(Status.OK);
                  }
                });
  }

  /** The unary {@code Call} RPC on this connection, each call given {@code seconds}. */
  DeviceServiceGrpc.DeviceServiceBlockingStub unary(long seconds) {
    return DeviceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(seconds, TimeUnit.SECONDS);
  }

  /** Sends {@code calls} as one batch, without waiting; returns the ids their replies repeat. */
  List<Long> send(List<SlotCall<?>> calls) throws Exception {
    CallBatch.Builder b = CallBatch.newBuilder();
    List<Long> ids = new ArrayList<>();
    for (SlotCall<?> c : calls) {
      long id = nextId++;
      ids.add(id);
      b.addRequests(CallCodec.request(ServedHsm.PARTITION_SLOT, c, s -> s.slotId())).addIds(id);
    }
    out.onNext(b.build());
    return ids;
  }

  /** Sends {@code calls} as one batch; returns each call's reply, in the calls' order. */
  List<CallReply> batch(List<SlotCall<?>> calls) throws Exception {
    List<Long> ids = send(calls);
    Map<Long, CallReply> replies = new HashMap<>();
    while (replies.size() < calls.size()) {
      ReplyBatch r = in.poll(20, TimeUnit.SECONDS);
      assertNotNull(r, "a call of the batch got no reply");
      for (int i = 0; i < r.getRepliesCount(); i++) {
        assertTrue(ids.contains(r.getIds(i)), "a reply to a call not sent: " + r.getIds(i));
        assertEquals(null, replies.put(r.getIds(i), r.getReplies(i)), "a call answered twice");
      }
    }
    return ids.stream().map(replies::get).toList();
  }

  <R> R one(SlotCall<R> call) throws Exception {
    return CallCodec.result(call, batch(List.of(call)).get(0));
  }

  /** The status the server ended the stream with, waiting at most {@code seconds} for it. */
  Status ended(long seconds) throws Exception {
    return ended.get(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    out.onCompleted();
    channel.shutdownNow();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
