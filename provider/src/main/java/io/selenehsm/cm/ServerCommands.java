package io.selenehsm.cm;

import io.selenehsm.device.AttachedDevices;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.server.client.RemoteDevices;
import io.selenehsm.server.wire.ClientStatus;
import io.selenehsm.server.wire.DeviceStatus;
import io.selenehsm.server.wire.SessionStatus;
import io.selenehsm.server.wire.StatusReply;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import picocli.CommandLine.Command;

/**
 * {@code server}: the device services this shell reaches its devices through: for each, the devices
 * it serves, where it listens, its clients with their sessions, and its utilization. A network
 * server shows a client only itself among its clients.
 */
@Command(name = "server", description = "Show the device services (selene-server) in use.")
final class ServerCommands extends Family {
  private static final long STATUS_DEADLINE_MILLIS = 5_000;

  ServerCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(
      name = "show",
      description = "Show each server's devices, listeners, clients and their sessions.")
  void show() throws HsmException {
    List<AttachedDevices> served = ctx.directory().served();
    if (served.isEmpty()) {
      ctx.out()
          .println(
              "No device service is in use: this shell runs its devices itself. Start"
                  + " ./selene-server for this SELENE_HOME and the shell, the applications and"
                  + " other hosts' clients share them.");
      return;
    }
    for (AttachedDevices s : served) {
      if (s instanceof RemoteDevices remote) {
        print(remote.describe(), remote.status(STATUS_DEADLINE_MILLIS));
      }
    }
  }

  private void print(String where, StatusReply st) {
    new Listing.Fields("")
        .add("Server", where + " (" + st.getServer() + ")")
        .add("Listening", String.join(", ", st.getListeningList()))
        .add(
            "Certificate (SHA-256)",
            st.getCertificateFingerprint().isEmpty() ? "-" : st.getCertificateFingerprint())
        .add("Up since", Instant.ofEpochMilli(st.getStartedAtMillis()))
        .add("Calls", st.getCallsTotal() + " (" + st.getCallsFailed() + " ended with an error)")
        .add("Sessions open", st.getSessionsOpen())
        .print(ctx.out());
    Listing.Table devices = new Listing.Table("Device", "Model", "Condition");
    for (DeviceStatus d : st.getDevicesList()) {
      devices.add(d.getSerial(), d.getModel(), d.getCondition());
    }
    devices.print(ctx.out());
    Listing.Table clients =
        new Listing.Table("Client", "Address", "Connected", "Calls", "Running", "Sessions");
    for (ClientStatus c : st.getClientsList()) {
      StringJoiner sessions = new StringJoiner(" ");
      for (SessionStatus s : c.getSessionsList()) {
        sessions.add(s.getSlot() + ":" + s.getHandle());
      }
      clients.add(
          c.getName(),
          c.getAddress(),
          Instant.ofEpochMilli(c.getConnectedAtMillis()),
          c.getCalls(),
          c.getCallsInFlight(),
          c.getSessionsCount() == 0 ? "-" : sessions.toString());
    }
    clients.print(ctx.out());
  }
}
