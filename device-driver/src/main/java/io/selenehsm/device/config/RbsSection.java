package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import io.selenehsm.device.config.HostAddress.BadAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Section {@code RBS}: the Remote Backup Service, through which a Backup HSM 7 attached to this
 * host backs up and restores partitions of other hosts. Names and defaults are the vendor's. The
 * vendor runs the service only once it has been configured, which writes this section; likewise
 * Selene's device service serves Backup HSMs to other hosts only when the file has an {@code RBS}
 * section with {@code NetServer} 1 ({@link #servesBackupHsms()}), so a file without one never opens
 * a backup port.
 *
 * @param declared true when the file has an {@code RBS} section with at least one entry
 * @param hostName {@code HostName}: the address the service listens on (default {@value
 *     #ANY_ADDRESS}, every address of this host)
 * @param hostPort {@code HostPort}: its port (default {@value NetworkDevice#DEFAULT_PORT})
 * @param netServer {@code NetServer}: true (the default) when this host serves its Backup HSMs,
 *     false when it is a client of another host's service
 * @param available {@code Available}: serials of the Backup HSMs offered, comma-separated. When
 *     this host serves, each must be a {@code backup} device of section {@code Devices}; absent, it
 *     is every such device, in index order.
 * @param clientAuthFile {@code ClientAuthFile}: the file of clients allowed to use the service
 * @param serverCertFile {@code ServerCertFile}: the service's certificate; absent, the device
 *     service's own certificate is used (the vendor's default is a path inside its installation)
 * @param serverPrivKeyFile {@code ServerPrivKeyFile}: the private key of that certificate
 * @param serverSslConfigFile {@code ServerSSLConfigFile}: the vendor's OpenSSL configuration;
 *     accepted and not used
 * @param cmdProcessor {@code CmdProcessor}: the vendor's RBS library; accepted and not used
 */
public record RbsSection(
    boolean declared,
    String hostName,
    int hostPort,
    boolean netServer,
    List<String> available,
    Optional<String> clientAuthFile,
    Optional<String> serverCertFile,
    Optional<String> serverPrivKeyFile,
    Optional<String> serverSslConfigFile,
    Optional<String> cmdProcessor) {

  /** {@code HostName} when the file leaves it out: every address of this host. */
  public static final String ANY_ADDRESS = "0.0.0.0";

  private static final Pattern SERIAL = Pattern.compile("\\d{1,10}");
  private static final String AVAILABLE_FORM = "expected comma-separated Backup HSM serials";

  public RbsSection {
    available = List.copyOf(available);
  }

  /** True when this host's device service offers its Backup HSMs to other hosts. */
  public boolean servesBackupHsms() {
    return declared && netServer;
  }

  /** {@code hostName:hostPort}, with brackets around an IPv6 address. */
  public String listenAddress() {
    return HostAddress.withPort(hostName, hostPort);
  }

  static RbsSection read(SectionReader r, List<DeviceDeclaration> devices) throws ConfigException {
    boolean netServer = r.bool("NetServer", true);
    return new RbsSection(
        !r.entries().isEmpty(),
        hostName(r),
        (int) r.number("HostPort", NetworkDevice.DEFAULT_PORT, 1, 65535, HostAddress.PORT_RANGE),
        netServer,
        available(r, devices, netServer),
        r.string("ClientAuthFile"),
        r.string("ServerCertFile"),
        r.string("ServerPrivKeyFile"),
        r.string("ServerSSLConfigFile"),
        r.string("CmdProcessor"));
  }

  private static String hostName(SectionReader r) throws ConfigException {
    Optional<Entry> e = r.entry("HostName");
    if (e.isEmpty()) {
      return ANY_ADDRESS;
    }
    try {
      return HostAddress.host(e.get().value());
    } catch (BadAddress bad) {
      throw r.bad(e.get(), "expected a host name or address: " + bad.getMessage());
    }
  }

  private static List<String> available(
      SectionReader r, List<DeviceDeclaration> devices, boolean netServer) throws ConfigException {
    List<String> backups =
        devices.stream()
            .filter(d -> d.kind() == DeviceKind.BACKUP)
            .map(DeviceDeclaration::serial)
            .toList();
    Optional<Entry> e = r.entry("Available");
    if (e.isEmpty()) {
      return backups;
    }
    List<String> serials = new ArrayList<>();
    for (String serial : r.list(e.get(), AVAILABLE_FORM)) {
      if (!SERIAL.matcher(serial).matches()) {
        throw r.bad(e.get(), AVAILABLE_FORM + ", 1 to 10 digits each");
      }
      if (serials.contains(serial)) {
        throw r.error(e.get(), "RBS.Available names serial " + serial + " twice");
      }
      if (netServer && !backups.contains(serial)) {
        throw r.error(
            e.get(),
            "RBS.Available names serial "
                + serial
                + ", which no backup device of section Devices declares");
      }
      serials.add(serial);
    }
    return serials;
  }
}
