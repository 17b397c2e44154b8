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
import io.selenehsm.server.wire.CallCodec;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.CallRequest;
import io.selenehsm.server.wire.DeviceServiceGrpc;
import io.selenehsm.server.wire.InfoReply;
import io.selenehsm.server.wire.InfoRequest;
import io.selenehsm.server.wire.SlotEntry;
import io.selenehsm.server.wire.SlotsReply;
import io.selenehsm.server.wire.SlotsRequest;
import io.selenehsm.server.wire.StatusReply;
import io.selenehsm.server.wire.StatusRequest;
import java.util.concurrent.Executor;

/**
 * The device service: runs each Slot call a client sends on the slot it names, as that client,
 * within the client's bounds, with the audit log naming the client; the client's sessions are its
 * own (see {@link ClientConnection}).
 *
 * <p>Design note (concurrency): gRPC hands every call to this service on the connection's I/O
 * thread (the server is built with a direct executor). A short call (a read or a step of a
 * multi-part operation, with a small request, in the default command class) runs right there: a
 * round trip then costs no thread hand-off on the server, which is most of a small call's time. Any
 * other call (logins, object creation, key generation, administration, large payloads) moves to
 * {@code work}, so a slow command never holds up the I/O of the connections sharing that thread.
 * The short calls of one connection therefore run in the order they arrive, as commands queued on
 * one HSM link do; other connections run on other I/O threads in parallel.
 */
final class CallService extends DeviceServiceGrpc.DeviceServiceImplBase {
  private static final CallType[] TYPES = CallType.values();

  /** The largest request a short call may carry (a 16 KiB payload and its framing). */
  static final int SHORT_CALL_BYTES = 17 * 1024;

  private final DeviceManager devices;
  private final ServerStatus status;
  private final Connections connections;
  private final Executor work;

  CallService(DeviceManager devices, ServerStatus status, Connections connections, Executor work) {
    this.devices = devices;
    this.status = status;
    this.connections = connections;
    this.work = work;
  }

  @Override
  public void call(CallRequest request, StreamObserver<CallReply> reply) {
    ClientConnection client = Connections.current();
    if (client == null) {
      reply.onError(Status.PERMISSION_DENIED.withDescription(refusal()).asRuntimeException());
      return;
    }
    dispatch(
        request,
        () -> {
          reply.onNext(answer(client, request));
          reply.onCompleted();
        });
  }

  /**
   * The stream a client keeps open for its calls: each request runs as {@link #call} runs it, and
   * its reply carries the request's id. A client the registry no longer admits has its stream ended
   * with PERMISSION_DENIED at its next call, which its waiting calls then see.
   */
  @Override
  public StreamObserver<CallRequest> calls(StreamObserver<CallReply> replies) {
    ClientConnection client = Connections.current();
    ReplyStream out = new ReplyStream((ServerCallStreamObserver<CallReply>) replies);
    if (client == null) {
      out.refuse(refusal());
      return out.ignoring();
    }
    return new StreamObserver<>() {
      @Override
      public void onNext(CallRequest request) {
        if (!connections.stillAdmitted(client)) {
          out.refuse("client " + client.name() + " is no longer registered with this server");
          return;
        }
        dispatch(
            request, () -> out.send(answer(client, request).toBuilder().setId(request.getId())));
      }

      @Override
      public void onError(Throwable t) {
        out.end(); // the client cancelled or went away; its connection's end closes its sessions
      }

      @Override
      public void onCompleted() {
        out.end();
      }
    };
  }

  private void dispatch(CallRequest request, Runnable answer) {
    if (runsInline(request)) {
      answer.run();
    } else {
      work.execute(answer);
    }
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
