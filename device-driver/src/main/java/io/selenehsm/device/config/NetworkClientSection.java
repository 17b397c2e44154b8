package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import io.selenehsm.device.config.HostAddress.BadAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Section {@code LunaSA Client}: how this host reaches devices that other hosts' device services
 * serve, with the names the vendor's network HSM client uses (its {@code clientconfig deploy}
 * writes this section). The vendor's defaults for the three files are paths inside its own
 * installation, which Selene does not have, so here an absent file is simply not set; a
 * configuration that declares a network device must set all three.
 *
 * @param clientCertFile {@code ClientCertFile}: this client's certificate, which the server has
 *     registered
 * @param clientPrivKeyFile {@code ClientPrivKeyFile}: the private key of that certificate
 * @param serverCaFile {@code ServerCAFile}: the certificates of the servers this client trusts
 * @param receiveTimeout {@code ReceiveTimeout}: how long a call waits for the server's answer, in
 *     milliseconds in the file (default 20000)
 * @param tcpKeepAlive {@code TCPKeepAlive}: TCP keep-alive on connections to servers (default true)
 * @param netClient {@code NetClient}: false makes the client look for no network device at all,
 *     neither these servers nor the network entries of section {@code Devices} (default true)
 * @param servers the {@code ServerNameNN}/{@code ServerPortNN} pairs in index order (the order the
 *     vendor polls them in), each named {@code ServerNameNN}; the port is {@value
 *     NetworkDevice#DEFAULT_PORT} when {@code ServerPortNN} is absent. The vendor's {@code
 *     ServerHtlNN}, {@code SSLConfigFile} and cluster keys ({@code LNHServerNN}, ...) are accepted
 *     and not used.
 */
public record NetworkClientSection(
    Optional<Path> clientCertFile,
    Optional<Path> clientPrivKeyFile,
    Optional<Path> serverCaFile,
    Duration receiveTimeout,
    boolean tcpKeepAlive,
    boolean netClient,
    List<NetworkDevice> servers) {

  /** {@code ReceiveTimeout} when the file leaves it out, in milliseconds. */
  public static final int DEFAULT_RECEIVE_TIMEOUT_MILLIS = 20_000;

  public NetworkClientSection {
    servers = List.copyOf(servers);
  }

  /** True when the three files mutual TLS needs are all set. */
  public boolean hasClientCredentials() {
    return clientCertFile.isPresent() && clientPrivKeyFile.isPresent() && serverCaFile.isPresent();
  }

  static NetworkClientSection read(SectionReader r) throws ConfigException {
    return new NetworkClientSection(
        path(r, "ClientCertFile"),
        path(r, "ClientPrivKeyFile"),
        path(r, "ServerCAFile"),
        r.millis("ReceiveTimeout", DEFAULT_RECEIVE_TIMEOUT_MILLIS),
        r.bool("TCPKeepAlive", true),
        r.bool("NetClient", true),
        servers(r));
  }

  private static Optional<Path> path(SectionReader r, String key) throws ConfigException {
    Optional<Entry> e = r.entry(key);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(e.get().value()));
    } catch (InvalidPathException notAPath) {
      throw r.bad(e.get(), "expected a file path: " + notAPath.getReason());
    }
  }

  /**
   * Pairs {@code ServerNameNN} with {@code ServerPortNN}; checks {@code ServerHtlNN}. A port
   * without its name is an error; the same server under two indexes is one too.
   */
  private static List<NetworkDevice> servers(SectionReader r) throws ConfigException {
    Map<Integer, Entry> names = new TreeMap<>();
    Map<Integer, Entry> ports = new TreeMap<>();
    for (Entry e : r.entries()) {
      Matcher m = Schema.LUNASA_INDEXED_KEY.matcher(e.key());
      if (!m.matches()) {
        continue;
      }
      int index = Integer.parseInt(m.group(2));
      // Schema canonicalized the key, so the prefix is spelled exactly as listed there.
      switch (m.group(1)) {
        case "ServerName" -> names.put(index, e);
        case "ServerPort" -> ports.put(index, e);
        case "ServerHtl" -> r.bool(e);
        default -> {
          // The vendor's cluster keys: known, so a vendor file reads; Selene has no clusters.
        }
      }
    }
    for (Map.Entry<Integer, Entry> port : ports.entrySet()) {
      if (!names.containsKey(port.getKey())) {
        String name = "ServerName" + port.getValue().key().substring("ServerPort".length());
        throw r.error(
            port.getValue(),
            "LunaSA Client." + port.getValue().key() + " is set, but " + name + " is not");
      }
    }
    List<NetworkDevice> servers = new ArrayList<>();
    Map<String, String> owners = new HashMap<>();
    for (Map.Entry<Integer, Entry> name : names.entrySet()) {
      Entry nameEntry = name.getValue();
      Entry portEntry = ports.get(name.getKey());
      String host;
      try {
        host = HostAddress.host(nameEntry.value());
      } catch (BadAddress bad) {
        throw r.bad(nameEntry, "expected a host name or address: " + bad.getMessage());
      }
      int port =
          portEntry == null
              ? NetworkDevice.DEFAULT_PORT
              : (int) r.number(portEntry, 1, 65535, HostAddress.PORT_RANGE);
      NetworkDevice server = new NetworkDevice(nameEntry.key(), host, port);
      String owner = owners.putIfAbsent(server.endpoint(), nameEntry.key());
      if (owner != null) {
        throw r.error(
            nameEntry,
            "server "
                + server.address()
                + " of LunaSA Client."
                + nameEntry.key()
                + " is already declared by "
                + owner);
      }
      servers.add(server);
    }
    return servers;
  }
}
