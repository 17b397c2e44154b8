package io.selenehsm.server.client;

import io.grpc.StatusRuntimeException;
import io.selenehsm.device.CloningCall;
import io.selenehsm.device.PartitionBackup;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotCall;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.server.wire.CallCodec;
import io.selenehsm.server.wire.CallReply;
import io.selenehsm.server.wire.CallRequest;
import io.selenehsm.server.wire.InfoReply;
import io.selenehsm.server.wire.InfoRequest;

/**
 * A slot a device service serves: every call is sent as its typed value and runs on the server. The
 * slot may carry another id here than on the server (a network server's partitions are numbered
 * after this host's own slots); calls name the server's id.
 *
 * <p>Design note (concurrency): immutable but for the last info seen, a volatile read and write;
 * calls from many threads share the connection's call stream (see {@link CallStream}).
 */
public final class RemoteSlot implements Slot {
  private final RemoteDevices devices;
  private final int slotId;
  private final int serverSlotId;
  private volatile SlotInfo lastInfo;

  RemoteSlot(RemoteDevices devices, int slotId, int serverSlotId, SlotInfo info) {
    this.devices = devices;
    this.slotId = slotId;
    this.serverSlotId = serverSlotId;
    this.lastInfo = renumbered(info);
  }

  @Override
  public int slotId() {
    return slotId;
  }

  /** This slot's id on the server. */
  public int serverSlotId() {
    return serverSlotId;
  }

  RemoteDevices devices() {
    return devices;
  }

  @Override
  public SlotInfo info() {
    try {
      InfoReply r =
          devices
              .stub(RemoteDevices.INFO_DEADLINE_MILLIS)
              .info(InfoRequest.newBuilder().setSlot(serverSlotId).build());
      SlotInfo fresh = renumbered(CallCodec.fromWire(r.getInfo()));
      lastInfo = fresh;
      return fresh;
    } catch (StatusRuntimeException | HsmException e) {
      SlotInfo last = lastInfo;
      return new SlotInfo(
          slotId,
          last.kind(),
          false,
          last.label(),
          last.tokenSerial(),
          last.deviceSerial(),
          last.model(),
          last.partitionId(),
          "not reachable (" + devices.describe() + ")");
    }
  }

  private SlotInfo renumbered(SlotInfo i) {
    return i.slotId() == slotId
        ? i
        : new SlotInfo(
            slotId,
            i.kind(),
            i.tokenPresent(),
            i.label(),
            i.tokenSerial(),
            i.deviceSerial(),
            i.model(),
            i.partitionId(),
            i.status());
  }

  @Override
  @SuppressWarnings("unchecked") // a backup or restore answers with its own result type
  public <R> R call(SlotCall<R> call) throws HsmException {
    // A Backup HSM of another server (the Remote Backup Service) cannot be named to this one:
    // this side carries the payloads between the two, step by step.
    if (call instanceof CloningCall.BackupPartition b && !devices.serves(b.backupSlot())) {
      return (R)
          PartitionBackup.backup(
              this,
              b.session(),
              b.backupSlot(),
              b.backupSession(),
              b.container(),
              b.append(),
              true);
    }
    if (call instanceof CloningCall.RestorePartition r && !devices.serves(r.backupSlot())) {
      return (R)
          PartitionBackup.restore(
              this, r.session(), r.backupSlot(), r.backupSession(), r.container(), true);
    }
    CallRequest request = CallCodec.request(serverSlotId, call, devices::serverSlotId);
    long deadline = devices.deadlineMillis(call.commandClass());
    CallReply reply;
    try {
      reply = devices.call(request, deadline);
    } catch (StatusRuntimeException e) {
      throw RemoteFailures.of(e, devices.describe(), deadline);
    }
    return CallCodec.result(call, reply);
  }

  @Override
  public String toString() {
    return "slot " + slotId + " (server slot " + serverSlotId + " of " + devices.describe() + ")";
  }
}
