package io.selenehsm.server;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.selenehsm.device.CallKind;
import io.selenehsm.device.CallType;
import io.selenehsm.device.CommandClass;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.audit.AuditOrigin;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.server.wire.CallBatch;
import io.selenehsm.server.wire.CallCodec;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.CallRequest;
import io.selenehsm.server.wire.DeviceServiceGrpc;
import io.selenehsm.server.wire.InfoReply;
import io.selenehsm.server.wire.InfoRequest;
import io.selenehsm.server.wire.ReplyBatch;
import io.selenehsm.server.wire.SlotEntry;
import io.selenehsm.server.wire.SlotsReply;
import io.selenehsm.server.wire.SlotsRequest;
import io.selenehsm.server.wire.StatusReply;
import io.selenehsm.server.wire.StatusRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The device service: runs each Slot call a client sends on the slot it names, as that client,
 * within the client's bounds, with the audit log naming the client; the client's sessions are its
 * own (see {@link ClientConnection}).
 *
 * <p>Both RPCs take one path: a unary {@code Call} runs as a batch of one call through {@link
 * #serve}, the method that runs every batch of the {@code Calls} stream, so where a call runs, the
 * client's bounds, the audit naming the client and what happens when the server is stopping are
 * decided in one place. A TLS client is checked against the registry again for every message: a
 * unary call by the interceptor that admits each call, a stream's batch when it arrives.
 *
 * <p>Design note (concurrency): gRPC hands every message to this service on the connection's I/O
 * thread (the server is built with a direct executor). A short call (a read or a step of a
 * multi-part operation, with a small request, in the default command class) that arrives alone runs
 * right there: a round trip then costs no thread hand-off on the server, which is most of a small
 * call's time. The short calls of one batch (calls a client's threads sent at the same moment, so
 * none waits for another) split into one part per processor: the first runs on the I/O thread, the
 * others on {@code shortWork}, a pool bounded to the processors, so that one client's concurrent
 * calls use every core; each part replies with one message. Any other call (logins, object
 * creation, key generation, administration, large payloads) moves to {@code work}, so a slow
 * command never holds up the I/O of the connections sharing that thread. The client's bound on
 * calls at once is taken per call, wherever it runs, so a refusal answers just that call. A pool
 * that refuses a task (the server is stopping) ends the exchange with UNAVAILABLE at once, so the
 * client's waiting calls fail then, as on a lost connection, instead of at their deadlines.
 */
final class CallService extends DeviceServiceGrpc.DeviceServiceImplBase {
  private static final CallType[] TYPES = CallType.values();

  /** The id of a unary call's one call: its reply is the RPC's own, so no id travels. */
  private static final long UNARY_ID = 0;

  /** Why calls fail when a pool refuses them. */
  static final String STOPPING = "the server is stopping and runs no more calls";

  /** The largest request a short call may carry (a 16 KiB payload and its framing). */
  static final int SHORT_CALL_BYTES = 17 * 1024;

  /**
   * How many parts the short calls of one batch split into: one per processor, so that one client's
   * concurrent calls can keep every core busy.
   */
  static final int SHORT_PARTS = Runtime.getRuntime().availableProcessors();

  private final DeviceManager devices;
  private final ServerStatus status;
  private final Connections connections;
  private final Executor work;
  private final Executor shortWork;

  /**
   * Runs long calls on {@code work} and the parts of a batch's short calls beyond the first on
   * {@code shortWork}, a pool of about {@link #SHORT_PARTS} threads.
   */
  CallService(
      DeviceManager devices,
      ServerStatus status,
      Connections connections,
      Executor work,
      Executor shortWork) {
    this.devices = devices;
    this.status = status;
    this.connections = connections;
    this.work = work;
    this.shortWork = shortWork;
  }

  @Override
  public void call(CallRequest request, StreamObserver<CallReply> reply) {
    ClientConnection client = Connections.current();
    if (client == null) {
      reply.onError(Status.PERMISSION_DENIED.withDescription(refusal()).asRuntimeException());
      return;
    }
    serve(client, List.of(new Arrivals.Arrived(UNARY_ID, request)), new UnaryReply(reply));
  }

  /**
   * The stream a client keeps open for its calls: each batch's calls run as {@link #call} runs its
   * one call, and their replies carry the calls' ids. A client the registry no longer admits has
   * its stream ended with PERMISSION_DENIED at its next batch, which its waiting calls then see.
   */
  @Override
  public StreamObserver<CallBatch> calls(StreamObserver<ReplyBatch> replies) {
    ClientConnection client = Connections.current();
    ReplyStream out = new ReplyStream((ServerCallStreamObserver<ReplyBatch>) replies);
    if (client == null) {
      out.refuse(refusal());
      return out.ignoring();
    }
    Arrivals arrived = new Arrivals(batch -> serve(client, batch, out));
    return new StreamObserver<>() {
      @Override
      public void onNext(CallBatch batch) {
        if (!connections.stillAdmitted(client)) {
          arrived.end();
          out.refuse("client " + client.name() + " is no longer registered with this server");
          return;
        }
        int n = batch.getRequestsCount();
        if (batch.getIdsCount() != n) {
          arrived.end();
          out.fail(
              Status.INVALID_ARGUMENT.withDescription(
                  "a call batch names "
                      + batch.getIdsCount()
                      + " calls but carries "
                      + n
                      + " requests"));
          return;
        }
        List<Arrivals.Arrived> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          calls.add(new Arrivals.Arrived(batch.getIds(i), batch.getRequests(i)));
        }
        arrived.add(calls);
      }

      @Override
      public void onError(Throwable t) {
        arrived.end();
        out.end(); // the client cancelled or went away; its connection's end closes its sessions
      }

      @Override
      public void onCompleted() {
        arrived.end();
        out.end();
      }
    };
  }

  /**
   * Runs calls a client sent together (a stream's batch, or a unary call as a batch of one): each
   * long call on {@code work}, replying alone; the short calls split into at most {@link
   * #SHORT_PARTS} parts, the first run here on the I/O thread and the others on {@code shortWork},
   * each part replying with one message. A batch of one short call runs right here.
   *
   * @return false when a pool refused a task and {@code out} was ended with UNAVAILABLE: the server
   *     is stopping, and the calls of this exchange that were not handed over do not run
   */
  boolean serve(ClientConnection client, List<Arrivals.Arrived> batch, Replies out) {
    List<Arrivals.Arrived> inline = new ArrayList<>(batch.size());
    int parts;
    try {
      for (Arrivals.Arrived a : batch) {
        if (runsInline(a.request())) {
          inline.add(a);
        } else {
          work.execute(() -> out.send(new Replies.Answer(a.id(), answer(client, a.request()))));
        }
      }
      parts = Math.min(inline.size(), SHORT_PARTS);
      for (int p = 1; p < parts; p++) {
        List<Arrivals.Arrived> part = slice(inline, p, parts);
        shortWork.execute(() -> out.sendAll(answers(client, part)));
      }
    } catch (RejectedExecutionException e) {
      out.fail(Status.UNAVAILABLE.withDescription(STOPPING));
      return false;
    }
    if (parts > 0) {
      out.sendAll(answers(client, slice(inline, 0, parts)));
    }
    return true;
  }

  /** The {@code p}-th of {@code parts} nearly equal slices of {@code all}. */
  private static <T> List<T> slice(List<T> all, int p, int parts) {
    return all.subList(all.size() * p / parts, all.size() * (p + 1) / parts);
  }

  private List<Replies.Answer> answers(ClientConnection client, List<Arrivals.Arrived> calls) {
    List<Replies.Answer> done = new ArrayList<>(calls.size());
    for (Arrivals.Arrived a : calls) {
      done.add(new Replies.Answer(a.id(), answer(client, a.request())));
    }
    return done;
  }

  /** True for a call short enough to run on the I/O thread that received it. */
  static boolean runsInline(CallRequest request) {
    int number = request.getTypeValue();
    if (number < 1 || number > TYPES.length) {
      return true; // refused at once by the codec
    }
    CallType type = TYPES[number - 1];
    return type.commandClass() == CommandClass.DEFAULT
        && (type.kind() == CallKind.READ
            || type.kind() == CallKind.MULTI_PART
            || type.kind() == CallKind.STATUS)
        && request.getSerializedSize() <= SHORT_CALL_BYTES;
  }

  private CallReply answer(ClientConnection client, CallRequest request) {
    CallReply answer;
    boolean refused = true;
    try {
      answer = run(client, request);
      refused = false;
    } catch (HsmException e) {
      answer = CallCodec.failure(e);
    } catch (RuntimeException e) {
      answer =
          CallCodec.failure(
              new HsmException(Ckr.GENERAL_ERROR, "the server failed the call: " + e, e));
    }
    status.called(refused);
    return answer;
  }

  private static String refusal() {
    return "this client is not (or no longer) registered with the server";
  }

  private CallReply run(ClientConnection client, CallRequest request) throws HsmException {
    Slot slot = reachable(client, request.getSlot());
    SlotCall<?> received = CallCodec.call(request, id -> reachable(client, id));
    SlotCall<?> call = client.adopt(slot, received);
    client.admit();
    try {
      Object result = AuditOrigin.runAs(client.name(), () -> slot.call(call));
      client.settle(slot, call, result);
      return CallCodec.reply(call, result);
    } finally {
      client.release();
    }
  }

  private Slot reachable(ClientConnection client, int slotId) throws HsmException {
    if (!client.mayReach(slotId)) {
      throw new HsmException(
          Ckr.SLOT_ID_INVALID,
          "slot " + slotId + " is not assigned to client " + client.name() + " on this server");
    }
    return devices.slot(slotId);
  }

  @Override
  public void slots(SlotsRequest request, StreamObserver<SlotsReply> reply) {
    ClientConnection client = Connections.current();
    if (client == null) {
      reply.onError(Status.PERMISSION_DENIED.withDescription(refusal()).asRuntimeException());
      return;
    }
    SlotsReply.Builder b = SlotsReply.newBuilder();
    for (Slot s : devices.slots().all()) {
      if (client.mayReach(s.slotId())) {
        b.addSlots(
            SlotEntry.newBuilder()
                .setInfo(CallCodec.toWire(s.info()))
                .setHidden(devices.slots().hiddenByUserSlots(s.slotId())));
      }
    }
    reply.onNext(b.build());
    reply.onCompleted();
  }

  @Override
  public void info(InfoRequest request, StreamObserver<InfoReply> reply) {
    ClientConnection client = Connections.current();
    try {
      if (client == null) {
        throw new HsmException(Ckr.TOKEN_NOT_PRESENT, refusal());
      }
      Slot slot = reachable(client, request.getSlot());
      reply.onNext(InfoReply.newBuilder().setInfo(CallCodec.toWire(slot.info())).build());
      reply.onCompleted();
    } catch (HsmException e) {
      reply.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusReply> reply) {
    reply.onNext(status.snapshot(Connections.current()));
    reply.onCompleted();
  }
}
