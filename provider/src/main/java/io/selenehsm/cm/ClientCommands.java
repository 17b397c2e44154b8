package io.selenehsm.cm;

import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.ClientRegistryException;
import io.selenehsm.server.trust.RegisteredClient;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code client}: the clients of this host's device service, registered by certificate and assigned
 * partitions, as the vendor's network HSM registers its clients. The registry lives in {@code
 * $SELENE_HOME/server}; a running server sees each change at the client's next connection.
 */
@Command(
    name = "client",
    description = "Register network clients of this host's device service; assign partitions.")
final class ClientCommands extends Family {
  ClientCommands(ShellContext ctx) {
    super(ctx);
  }

  @Command(name = "register", description = "Register a client by its certificate.")
  void register(
      @Option(
              names = {"-client", "-c"},
              required = true,
              paramLabel = "NAME")
          String name,
      @Option(
              names = {"-hostname", "-h"},
              required = true,
              paramLabel = "HOST")
          String hostname,
      @Option(names = "-certfile", required = true, paramLabel = "FILE") Path certFile)
      throws HsmException {
    X509Certificate cert = ServerTrust.certificate(certFile, "the client certificate");
    ClientRegistry registry = ServerTrust.registry(ctx);
    RegisteredClient c = edit(registry, () -> registry.register(name, hostname, cert));
    ctx.out().println("Client " + c.name() + " (" + c.hostname() + ") registered.");
    ctx.out().println("Certificate fingerprint (SHA-256): " + c.fingerprint());
    ctx.out()
        .println(
            "It has no partition yet: client assignpartition -client "
                + c.name()
                + " -partition <serial>");
  }

  @Command(name = "list", description = "List the registered clients.")
  void list() throws HsmException {
    ClientRegistry registry = ServerTrust.registry(ctx);
    List<RegisteredClient> clients = read(registry, registry::list);
    if (clients.isEmpty()) {
      ctx.out().println("No client is registered.");
      return;
    }
    Listing.Table t = new Listing.Table("Client", "Hostname", "Partitions");
    for (RegisteredClient c : clients) {
      t.add(
          c.name(),
          c.hostname(),
          c.partitions().isEmpty() ? "-" : String.join(",", c.partitions()));
    }
    t.print(ctx.out());
  }

  @Command(name = "show", description = "Show a client: host name, fingerprint, partitions.")
  void show(
      @Option(
              names = {"-client", "-c"},
              required = true,
              paramLabel = "NAME")
          String name)
      throws HsmException {
    ClientRegistry registry = ServerTrust.registry(ctx);
    RegisteredClient c =
        read(registry, () -> registry.byName(name)).orElseThrow(() -> unknown(name));
    new Listing.Fields("")
        .add("Client Name", c.name())
        .add("Hostname", c.hostname())
        .add("Fingerprint (SHA-256)", c.fingerprint())
        .add(
            "Partitions",
            c.partitions().isEmpty() ? "(none assigned)" : String.join(", ", c.partitions()))
        .print(ctx.out());
  }

  @Command(name = "delete", description = "Delete a client: its next connection is refused.")
  void delete(
      @Option(
              names = {"-client", "-c"},
              required = true,
              paramLabel = "NAME")
          String name,
      @Option(names = "-force", description = "do not ask for confirmation") boolean force)
      throws HsmException {
    ClientRegistry registry = ServerTrust.registry(ctx);
    RegisteredClient c =
        read(registry, () -> registry.byName(name)).orElseThrow(() -> unknown(name));
    ctx.confirm(
        force,
        List.of(
            "client "
                + c.name()
                + " ("
                + c.hostname()
                + ") is deregistered: its next connection is refused and it loses "
                + (c.partitions().isEmpty()
                    ? "its registration"
                    : "partitions " + String.join(", ", c.partitions()))));
    edit(
        registry,
        () -> {
          registry.delete(c.name());
          return c;
        });
    ctx.out().println("Client " + c.name() + " deleted.");
  }

  @Command(name = "assignpartition", description = "Give a client access to a partition.")
  void assignPartition(
      @Option(
              names = {"-client", "-c"},
              required = true,
              paramLabel = "NAME")
          String name,
      @Option(
              names = {"-partition", "-p"},
              required = true,
              paramLabel = "SERIAL")
          String serial)
      throws HsmException {
    checkPartitionExists(serial);
    ClientRegistry registry = ServerTrust.registry(ctx);
    RegisteredClient c = edit(registry, () -> registry.assignPartition(name, serial));
    ctx.out().println("Partition " + serial + " assigned to client " + c.name() + ".");
  }

  @Command(name = "revokepartition", description = "Take a partition away from a client.")
  void revokePartition(
      @Option(
              names = {"-client", "-c"},
              required = true,
              paramLabel = "NAME")
          String name,
      @Option(
              names = {"-partition", "-p"},
              required = true,
              paramLabel = "SERIAL")
          String serial)
      throws HsmException {
    // No existence check: a partition deleted since it was assigned can still be revoked.
    ClientRegistry registry = ServerTrust.registry(ctx);
    RegisteredClient c = edit(registry, () -> registry.revokePartition(name, serial));
    ctx.out().println("Partition " + serial + " revoked from client " + c.name() + ".");
  }

  /** The serial must be an application partition of the devices this server serves. */
  private void checkPartitionExists(String serial) throws HsmException {
    List<String> serials =
        ctx.directory().list().stream()
            .filter(s -> s.kind() == SlotInfo.Kind.APPLICATION && s.tokenSerial() != null)
            .map(SlotInfo::tokenSerial)
            .toList();
    if (!serials.contains(serial)) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "no application partition has serial "
              + serial
              + " on the devices of this host ("
              + (serials.isEmpty() ? "there is none" : "serials: " + String.join(", ", serials))
              + "); 'partition list' or 'slot list' shows them");
    }
  }

  private static HsmException unknown(String name) {
    return new HsmException(
        Ckr.ARGUMENTS_BAD, "no client named " + name + " is registered; 'client list' shows them");
  }

  @FunctionalInterface
  private interface Edit<T> {
    T run() throws IOException, ClientRegistryException;
  }

  @FunctionalInterface
  private interface Read<T> {
    T run() throws IOException;
  }

  private static <T> T edit(ClientRegistry registry, Edit<T> edit) throws HsmException {
    try {
      return edit.run();
    } catch (ClientRegistryException e) {
      throw ServerTrust.refused(e);
    } catch (IOException e) {
      throw ServerTrust.ioFailure(registry, e);
    }
  }

  private static <T> T read(ClientRegistry registry, Read<T> read) throws HsmException {
    try {
      return read.run();
    } catch (IOException e) {
      throw ServerTrust.ioFailure(registry, e);
    }
  }
}
