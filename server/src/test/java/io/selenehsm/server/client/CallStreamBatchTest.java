package io.selenehsm.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import io.selenehsm.server.ConcurrentCallers;
import io.selenehsm.server.wire.CallBatch;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.CallRequest;
import io.selenehsm.server.wire.DeviceServiceGrpc;
import io.selenehsm.server.wire.ReplyBatch;
import io.selenehsm.server.wire.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of the batched call stream against a server that answers as it pleases: replies
 * in any order and any grouping reach exactly their own callers, and a stream that breaks in the
 * middle of a batch fails exactly the calls still waiting on it, at once, with the stream's status.
 */
class CallStreamBatchTest {
  @TempDir Path dir;
  private final List<Runnable> cleanup = new ArrayList<>();

  @AfterEach
  void stop() {
    Collections.reverse(cleanup);
    cleanup.forEach(Runnable::run);
  }

  /** A request naming its caller and call in its slot number; the fake server echoes it. */
  private static CallRequest request(int thread, int call) {
    return CallRequest.newBuilder().setSlot(thread * 100_000 + call).build();
  }

  private static long echoed(CallReply reply) {
    return reply.getResult().getNumber();
  }

  private static CallReply echo(CallRequest request) {
    return CallReply.newBuilder()
        .setResult(Value.newBuilder().setNumber(request.getSlot()))
        .build();
  }

  /** A server whose Calls stream hands each batch, with the stream's reply side, to {@code on}. */
  private CallStream streamTo(BiConsumer<CallBatch, StreamObserver<ReplyBatch>> on)
      throws Exception {
    Path socket = dir.resolve("s.sock");
    EventLoopGroup loops = new EpollEventLoopGroup(1);
    Server server =
        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(loops)
            .workerEventLoopGroup(loops)
            .directExecutor()
            .addService(
                new DeviceServiceGrpc.DeviceServiceImplBase() {
                  @Override
                  public StreamObserver<CallBatch> calls(StreamObserver<ReplyBatch> replies) {
                    return new StreamObserver<>() {
                      @Override
                      public void onNext(CallBatch batch) {
                        synchronized (replies) {
                          on.accept(batch, replies);
                        }
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {}
                    };
                  }
                })
            .build()
            .start();
    EventLoopGroup clientLoop = new EpollEventLoopGroup(1);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollDomainSocketChannel.class)
            .eventLoopGroup(clientLoop)
            .negotiationType(NegotiationType.PLAINTEXT)
            .directExecutor()
            .build();
    CallStream stream = new CallStream(DeviceServiceGrpc.newStub(channel));
    // Undone in reverse: the stream, the channel, the server, then the loops they ran on.
    cleanup.add(() -> loops.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    cleanup.add(() -> clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS));
    cleanup.add(() -> server.shutdownNow());
    cleanup.add(channel::shutdownNow);
    cleanup.add(stream::close);
    return stream;
  }

  @Test
  void repliesInAnyOrderAndGroupingReachTheirOwnCallers() throws Exception {
    // The server answers each batch reversed and in two halves, the second half first, each after
    // a random delay: so replies come out of order within and across batches.
    ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
    cleanup.add(later::shutdownNow);
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    CallStream stream =
        streamTo(
            (batch, replies) -> {
              int n = batch.getRequestsCount();
              sizes.add(n);
              for (int[] half : new int[][] {{n / 2, n}, {0, n / 2}}) {
                ReplyBatch.Builder b = ReplyBatch.newBuilder();
                for (int i = half[1] - 1; i >= half[0]; i--) {
                  b.addReplies(echo(batch.getRequests(i))).addIds(batch.getIds(i));
                }
                if (b.getRepliesCount() > 0) {
                  later.schedule(
                      () -> {
                        synchronized (replies) {
                          replies.onNext(b.build());
                        }
                      },
                      ThreadLocalRandom.current().nextInt(500),
                      TimeUnit.MICROSECONDS);
                }
              }
            });
    List<Integer> made =
        ConcurrentCallers.run(
            8,
            60,
            thread -> {
              for (int i = 0; i < 500; i++) {
                CallReply reply = stream.call(request(thread, i), 10_000);
                assertEquals(
                    thread * 100_000L + i, echoed(reply), "a reply reached the wrong caller");
              }
              return 500;
            });
    for (int m : made) {
      assertEquals(500, m);
    }
    assertEquals(8 * 500, sizes.stream().mapToInt(Integer::intValue).sum());
    assertTrue(sizes.size() < 8 * 500, "calls sent at the same moment travelled together");
  }

  @Test
  void aStreamBrokenMidBatchFailsExactlyTheCallsStillWaiting() throws Exception {
    // The server answers the first three calls it receives, then breaks the stream.
    List<CallReply> answered = new ArrayList<>();
    List<Long> answeredIds = new ArrayList<>();
    int[] seen = {0};
    CallStream stream =
        streamTo(
            (batch, replies) -> {
              if (seen[0] >= 8) { // a stream opened after the break: answer at once
                replies.onNext(
                    ReplyBatch.newBuilder()
                        .addReplies(echo(batch.getRequests(0)))
                        .addIds(batch.getIds(0))
                        .build());
                return;
              }
              for (int i = 0; i < batch.getRequestsCount(); i++) {
                if (seen[0]++ < 3) {
                  answered.add(echo(batch.getRequests(i)));
                  answeredIds.add(batch.getIds(i));
                }
              }
              if (seen[0] >= 8) {
                replies.onNext(
                    ReplyBatch.newBuilder().addAllReplies(answered).addAllIds(answeredIds).build());
                replies.onError(
                    Status.UNAVAILABLE
                        .withDescription("the server went away")
                        .asRuntimeException());
              }
            });
    long start = System.nanoTime();
    List<Object> outcomes =
        ConcurrentCallers.run(
            8,
            20,
            thread -> {
              try {
                CallReply reply = stream.call(request(thread, 0), 30_000);
                assertEquals(thread * 100_000L, echoed(reply), "a reply reached the wrong caller");
                return reply;
              } catch (StatusRuntimeException e) {
                return e;
              }
            });
    int replied = 0;
    int failed = 0;
    for (Object outcome : outcomes) {
      if (outcome instanceof StatusRuntimeException e) {
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals("the server went away", e.getStatus().getDescription());
        failed++;
      } else {
        replied++;
      }
    }
    assertEquals(3, replied);
    assertEquals(5, failed);
    assertTrue(
        System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15),
        "the waiting calls failed with the stream, not at their deadline");
    // The next call opens a new stream, which the (still running) server serves.
    assertEquals(9 * 100_000L + 9, echoed(stream.call(request(9, 9), 10_000)));
  }
}
