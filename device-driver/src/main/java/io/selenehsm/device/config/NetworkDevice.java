package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import io.selenehsm.device.config.HostAddress.BadAddress;
import io.selenehsm.device.config.HostAddress.HostPort;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * A device another host's device service serves, reached over TCP with mutual TLS. It is declared
 * in section {@code Devices} as {@code DeviceNN = network, host[:port];} (an IPv6 host in brackets:
 * {@code [::1]:1792}), or as the vendor's {@code clientconfig deploy} writes it, by a {@code
 * ServerNameNN}/{@code ServerPortNN} pair in section {@code LunaSA Client}.
 *
 * @param name a stable name: the key that declares it, {@code Device03} or {@code ServerName00}
 * @param host a DNS name, an IPv4 address or an IPv6 address (without brackets), not resolved
 * @param port 1 to 65535; {@value #DEFAULT_PORT} when the file gives none
 */
public record NetworkDevice(String name, String host, int port) {
  /** The port of the vendor's network HSM, and of Selene's device service, when none is given. */
  public static final int DEFAULT_PORT = HostAddress.DEFAULT_PORT;

  /** The device kind word of a network entry in section {@code Devices}. */
  static final String KIND = "network";

  private static final String FORM = "expected 'network, host[:port]', an IPv6 host in brackets";

  public NetworkDevice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not 1 to 65535");
    }
  }

  /** {@code host:port}, with brackets around an IPv6 host: the target a client dials. */
  public String address() {
    return HostAddress.withPort(host, port);
  }

  /**
   * True when both name the same server: the same port and the same host, compared without regard
   * to case or IPv6 notation (names are not resolved).
   */
  public boolean sameEndpoint(NetworkDevice other) {
    return endpoint().equals(other.endpoint());
  }

  String endpoint() {
    return HostAddress.canonical(host) + "\u0000" + port;
  }

  /** True when a {@code Devices} entry declares a network device rather than an emulated one. */
  static boolean declares(Entry e) {
    int comma = e.value().indexOf(',');
    String kind = comma < 0 ? e.value() : e.value().substring(0, comma);
    return kind.strip().toLowerCase(Locale.ROOT).equals(KIND);
  }

  /**
   * The network entries of section {@code Devices} in index order; the same server twice is an
   * error, as a serial used twice is.
   */
  static List<NetworkDevice> readDeclared(SectionReader r) throws ConfigException {
    Map<Integer, NetworkDevice> byIndex = new TreeMap<>();
    Map<String, String> owners = new HashMap<>();
    for (Entry e : r.entries()) {
      if (!declares(e)) {
        continue;
      }
      Matcher key = Schema.DEVICE_KEY.matcher(e.key());
      if (!key.matches()) {
        throw new IllegalStateException("our bug: Schema let " + e.key() + " into Devices");
      }
      List<String> parts = r.list(e, FORM);
      if (parts.size() != 2) {
        throw r.bad(e, FORM);
      }
      HostPort address;
      try {
        address = HostAddress.hostAndPort(parts.get(1));
      } catch (BadAddress bad) {
        throw r.error(
            e,
            "bad address '" + parts.get(1) + "' for Devices." + e.key() + ": " + bad.getMessage());
      }
      NetworkDevice device = new NetworkDevice(e.key(), address.host(), address.port());
      String owner = owners.putIfAbsent(device.endpoint(), e.key());
      if (owner != null) {
        throw r.error(
            e,
            "server "
                + device.address()
                + " of Devices."
                + e.key()
                + " is already declared by "
                + owner);
      }
      byIndex.put(Integer.parseInt(key.group(1)), device);
    }
    return List.copyOf(byIndex.values());
  }
}
