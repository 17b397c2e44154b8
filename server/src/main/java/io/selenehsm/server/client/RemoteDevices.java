package io.selenehsm.server.client;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.CommandClass;
import io.selenehsm.device.CommandTimeouts;
import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.server.wire.CallCodec;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.CallRequest;
import io.selenehsm.server.wire.DeviceServiceGrpc;
import io.selenehsm.server.wire.SlotEntry;
import io.selenehsm.server.wire.SlotsRequest;
import io.selenehsm.server.wire.StatusReply;
import io.selenehsm.server.wire.StatusRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The devices one server serves to this process, over one gRPC channel. The channel reconnects by
 * itself after the server restarts or the network heals; meanwhile calls fail with {@code
 * CKR_DEVICE_REMOVED}. Every call has a deadline: the device's own timeout for the call's command
 * class, plus the configured receive timeout for the trip.
 *
 * <p>Design note (concurrency): the channel and stub are thread-safe and shared by every slot and
 * thread; the slot list is built once per {@link #slots} call and not cached here.
 */
public final class RemoteDevices implements AttachedDevices {
  /** The header in which a client names its process (the server names same-host clients so). */
  public static final Metadata.Key<String> CLIENT_PROCESS =
      Metadata.Key.of("selene-client-process", Metadata.ASCII_STRING_MARSHALLER);

  static final long INFO_DEADLINE_MILLIS = 2_000;

  private final ManagedChannel channel;
  private final Runnable onClose;
  private final DeviceServiceGrpc.DeviceServiceBlockingStub stub;
  private final CallStream calls;
  private final String where;
  private final CommandTimeouts timeouts;
  private final long receiveTimeoutMillis;
  private final List<String> serials;

  /**
   * Connects over {@code channel}; the server must answer a status request within {@code probe},
   * else this fails with the code the failure maps to.
   */
  public RemoteDevices(
      ManagedChannel channel,
      Runnable onClose,
      String where,
      CommandTimeouts timeouts,
      Duration receiveTimeout,
      Duration probe)
      throws HsmException {
    this.channel = channel;
    this.onClose = onClose;
    this.where = where;
    this.timeouts = timeouts;
    this.receiveTimeoutMillis = receiveTimeout.toMillis();
    Metadata headers = new Metadata();
    ProcessHandle self = ProcessHandle.current();
    headers.put(
        CLIENT_PROCESS,
        "pid "
            + self.pid()
            + self.info().command().map(c -> " " + Path.of(c).getFileName()).orElse(""));
    this.stub =
        DeviceServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    this.calls =
        new CallStream(
            DeviceServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
    this.serials =
        status(probe.toMillis()).getDevicesList().stream().map(d -> d.getSerial()).toList();
  }

  DeviceServiceGrpc.DeviceServiceBlockingStub stub(long deadlineMillis) {
    return stub.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
  }

  /** Runs one Slot call's request on the connection's call stream. */
  CallReply call(CallRequest request, long deadlineMillis) {
    return calls.call(request, deadlineMillis);
  }

  /** The deadline of a call of class {@code cls}: the device's timeout plus the trip. */
  long deadlineMillis(CommandClass cls) {
    return timeouts.of(cls).toMillis() + receiveTimeoutMillis;
  }

  /** The server's report: devices, clients, sessions, utilization. */
  public StatusReply status(long deadlineMillis) throws HsmException {
    try {
      return stub(deadlineMillis).status(StatusRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw RemoteFailures.of(e, where, deadlineMillis);
    }
  }

  /** True when {@code slot} is one of this server's, so a call may name it. */
  boolean serves(Slot slot) {
    return slot instanceof RemoteSlot r && r.devices() == this;
  }

  int serverSlotId(Slot slot) throws HsmException {
    if (slot instanceof RemoteSlot r && r.devices() == this) {
      return r.serverSlotId();
    }
    throw new HsmException(
        Ckr.SLOT_ID_INVALID,
        "slot "
            + slot.slotId()
            + " is not served by "
            + where
            + "; a call can name another slot only on the same server");
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public List<String> deviceSerials() {
    return serials;
  }

  @Override
  public List<ServedSlot> slots(int firstId) {
    List<SlotEntry> entries;
    try {
      entries = stub(receiveTimeoutMillis).slots(SlotsRequest.getDefaultInstance()).getSlotsList();
    } catch (StatusRuntimeException e) {
      return List.of();
    }
    List<ServedSlot> slots = new ArrayList<>();
    int next = firstId;
    for (SlotEntry e : entries) {
      try {
        io.selenehsm.device.SlotInfo info = CallCodec.fromWire(e.getInfo());
        int id = firstId < 0 ? info.slotId() : next++;
        slots.add(new ServedSlot(new RemoteSlot(this, id, info.slotId(), info), e.getHidden()));
      } catch (HsmException bad) {
        // A slot the server describes in a way this client cannot read is left out.
      }
    }
    return slots;
  }

  @Override
  public void close() {
    calls.close();
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
    onClose.run();
  }

  @Override
  public String toString() {
    return where;
  }
}
