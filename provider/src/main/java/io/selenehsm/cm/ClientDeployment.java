package io.selenehsm.cm;

import io.selenehsm.device.config.ClientConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code LunaSA Client} entries {@code clientconfig deploy} writes: the client's certificate
 * files, the pinned server certificates, network client on, and the server as the next {@code
 * ServerName##}/{@code ServerPort##} pair unless the file lists it already.
 */
final class ClientDeployment {
  static final String SECTION = "LunaSA Client";

  /** The vendor's NTLS port, the default when {@code -port} is left out. */
  static final int DEFAULT_PORT = 1792;

  /** Two-digit indices, as the vendor's file numbers its servers. */
  static final int MAX_SERVERS = 100;

  private ClientDeployment() {}

  /** The index under which {@code config} lists {@code host:port}, if it does. */
  static Optional<Integer> listedAt(ClientConfig config, String host, int port) {
    for (int i = 0; i < MAX_SERVERS; i++) {
      Optional<String> name = config.get(SECTION, serverName(i));
      if (name.isPresent() && name.get().strip().equalsIgnoreCase(host)) {
        int listedPort =
            config.get(SECTION, serverPort(i)).map(p -> parsePort(p)).orElse(DEFAULT_PORT);
        if (listedPort == port) {
          return Optional.of(i);
        }
      }
    }
    return Optional.empty();
  }

  /** The lowest index no {@code ServerName##} uses; empty when all are taken. */
  static Optional<Integer> nextFree(ClientConfig config) {
    for (int i = 0; i < MAX_SERVERS; i++) {
      if (config.get(SECTION, serverName(i)).isEmpty()) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /**
   * The entries to set: the files and NetClient always, the server pair only when {@code index} is
   * a new one.
   */
  static Map<String, String> entries(
      String clientCert, String clientKey, String serverCa, String host, int port, Integer index) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("ClientCertFile", clientCert);
    e.put("ClientPrivKeyFile", clientKey);
    e.put("ServerCAFile", serverCa);
    e.put("NetClient", "1");
    if (index != null) {
      e.put(serverName(index), host);
      e.put(serverPort(index), Integer.toString(port));
    }
    return e;
  }

  static String serverName(int i) {
    return String.format(Locale.ROOT, "ServerName%02d", i);
  }

  static String serverPort(int i) {
    return String.format(Locale.ROOT, "ServerPort%02d", i);
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      // The configuration's own validation refuses such a file; treat it as not this server.
      return -1;
    }
  }
}
