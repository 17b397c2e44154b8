package io.selenehsm.server;

import io.selenehsm.device.Device;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.server.wire.ClientStatus;
import io.selenehsm.server.wire.DeviceStatus;
import io.selenehsm.server.wire.SessionStatus;
import io.selenehsm.server.wire.StatusReply;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What the server reports of itself: its devices, where it listens, its clients with their
 * sessions, and its utilization. A same-host client (the admin shell) sees every client; a network
 * client sees only itself, since other clients' names and addresses are not its business.
 *
 * <p>Design note (concurrency): counters are {@link LongAdder}s bumped by every call thread; the
 * listening addresses and fingerprint are set once at start, before any client connects.
 */
final class ServerStatus {
  private final String name;
  private final DeviceManager devices;
  private final Supplier<List<ClientConnection>> clients;
  private final Instant startedAt;
  private final LongAdder calls = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private volatile List<String> listening = List.of();
  private volatile String fingerprint = "";

  ServerStatus(
      String name,
      DeviceManager devices,
      Supplier<List<ClientConnection>> clients,
      Instant startedAt) {
    this.name = name;
    this.devices = devices;
    this.clients = clients;
    this.startedAt = startedAt;
  }

  void listening(List<String> where, String certificateFingerprint) {
    this.listening = List.copyOf(where);
    this.fingerprint = certificateFingerprint;
  }

  List<String> listening() {
    return listening;
  }

  void called(boolean hasFailed) {
    calls.increment();
    if (hasFailed) {
      failed.increment();
    }
  }

  StatusReply snapshot(ClientConnection viewer) {
    StatusReply.Builder b =
        StatusReply.newBuilder()
            .setServer(name)
            .addAllListening(listening)
            .setCertificateFingerprint(fingerprint)
            .setStartedAtMillis(startedAt.toEpochMilli())
            .setCallsTotal(calls.sum())
            .setCallsFailed(failed.sum());
    for (Device d : devices.devices()) {
      b.addDevices(
          DeviceStatus.newBuilder()
              .setSerial(d.serial())
              .setModel(d.model().displayName())
              .setCondition(d.condition()));
    }
    int sessions = 0;
    boolean seesAll = viewer == null || viewer.peer() == null;
    for (ClientConnection c : clients.get()) {
      List<ClientConnection.OwnedSession> open = c.sessions();
      sessions += open.size();
      if (!seesAll && c != viewer) {
        continue;
      }
      ClientStatus.Builder cb =
          ClientStatus.newBuilder()
              .setName(c.name())
              .setAddress(c.address())
              .setConnectedAtMillis(c.connectedAt().toEpochMilli())
              .setCallsInFlight(c.callsInFlight())
              .setCalls(c.calls());
      for (ClientConnection.OwnedSession s : open) {
        cb.addSessions(SessionStatus.newBuilder().setSlot(s.slot().slotId()).setHandle(s.handle()));
      }
      b.addClients(cb);
    }
    return b.setSessionsOpen(seesAll ? sessions : 0).build();
  }
}
