package io.selenehsm.device.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The client configuration, {@code selene.conf}: an immutable, validated view of the file.
 *
 * <p>The syntax and most names follow the vendor's client configuration file: sections written
 * {@code Name = { ... }}, entries {@code Key = value;}, {@code #} comments, section and key names
 * matched without regard to case. Sections: {@code Chrystoki2} (library paths, accepted and
 * ignored), {@code Luna}, {@code CardReader}, {@code Presentation}, {@code VirtualToken}, {@code
 * HAConfiguration}, {@code Misc}, {@code Session}, {@code LunaSA Client} (the network client),
 * {@code RBS} (Remote Backup Service), and Selene's own {@code Devices}. Every value is checked
 * when the file is read, so the typed accessors never fail.
 *
 * <p>Where the configuration comes from is {@link ConfigLocation}'s rule: the file named by the
 * environment variable {@value #ENV_VAR}; else {@code $SELENE_HOME/selene.conf} if it exists; else
 * {@link #defaults()}. The working directory is never searched.
 *
 * <p>When no device is declared ({@link #usesDefaultDevice()}), the driver presents one Luna USB
 * HSM 7 whose serial it generates once and keeps with the device state under SELENE_HOME, so the
 * serial stays the same from run to run. The serial is not part of this configuration. A network
 * device counts as declared: a file that names only servers on other hosts describes a network
 * client, which, like the vendor's, has no HSM of its own.
 *
 * <p>Two configurations are equal when their files say the same thing: same sections, keys and
 * values, whatever the order, spelling case, comments, layout or source.
 */
public final class ClientConfig {
  /** The environment variable naming the configuration file. */
  public static final String ENV_VAR = "SELENE_CONF";

  private static final String BUILT_IN = "built-in defaults";

  private final String source;
  private final ConfigDocument document;
  private final LunaSection luna;
  private final CardReaderSection cardReader;
  private final PresentationSection presentation;
  private final List<DeviceDeclaration> devices;
  private final List<NetworkDevice> declaredNetworkDevices;
  private final NetworkClientSection networkClient;
  private final List<NetworkDevice> networkDevices;
  private final RbsSection rbs;
  private final List<VirtualTokenDeclaration> virtualTokens;
  private final HaConfiguration ha;
  private final MiscSection misc;
  private final SessionSection session;

  private ClientConfig(String source, ConfigDocument document) throws ConfigException {
    this.source = source;
    this.document = document;
    this.luna = LunaSection.read(reader(Schema.LUNA));
    this.cardReader = CardReaderSection.read(reader(Schema.CARD_READER));
    this.presentation = PresentationSection.read(reader(Schema.PRESENTATION));
    this.devices = List.copyOf(DeviceDeclaration.readAll(reader(Schema.DEVICES)));
    this.declaredNetworkDevices = NetworkDevice.readDeclared(reader(Schema.DEVICES));
    this.networkClient = NetworkClientSection.read(reader(Schema.LUNASA_CLIENT));
    this.networkDevices = networkDevices(declaredNetworkDevices, networkClient);
    Set<String> serials =
        devices.stream().map(DeviceDeclaration::serial).collect(Collectors.toSet());
    // A network device's serial is known once its server answers, so with network devices a
    // group may name members this file does not; building the group checks them.
    this.virtualTokens =
        List.copyOf(
            VirtualTokenDeclaration.readAll(
                reader(Schema.VIRTUAL_TOKEN), serials, !networkDevices.isEmpty()));
    Set<String> memberSerials = new HashSet<>(serials);
    if (!networkDevices.isEmpty()) {
      virtualTokens.forEach(t -> memberSerials.addAll(t.members()));
    }
    this.ha =
        HaConfiguration.read(
            reader(Schema.HA_CONFIGURATION),
            reader(Schema.VIRTUAL_TOKEN),
            virtualTokens,
            memberSerials);
    this.misc = MiscSection.read(reader(Schema.MISC));
    this.session = SessionSection.read(reader(Schema.SESSION));
    requireClientCredentials();
    this.rbs = RbsSection.read(reader(Schema.RBS), devices);
  }

  /**
   * The {@code Devices} network entries, then the {@code LunaSA Client} servers not already among
   * them; none when {@code NetClient} is 0.
   */
  private static List<NetworkDevice> networkDevices(
      List<NetworkDevice> declared, NetworkClientSection client) {
    if (!client.netClient()) {
      return List.of();
    }
    List<NetworkDevice> all = new ArrayList<>(declared);
    for (NetworkDevice server : client.servers()) {
      if (all.stream().noneMatch(server::sameEndpoint)) {
        all.add(server);
      }
    }
    return List.copyOf(all);
  }

  /** A network device is reached with mutual TLS only, so its three files must be named. */
  private void requireClientCredentials() throws ConfigException {
    if (networkDevices.isEmpty() || networkClient.hasClientCredentials()) {
      return;
    }
    NetworkDevice first = networkDevices.get(0);
    boolean inDevices = declaredNetworkDevices.contains(first);
    String section = inDevices ? Schema.DEVICES : Schema.LUNASA_CLIENT;
    int line =
        document
            .section(section)
            .flatMap(s -> s.entry(first.name()))
            .map(ConfigDocument.Entry::line)
            .orElse(0);
    List<String> missing = new ArrayList<>();
    if (networkClient.clientCertFile().isEmpty()) {
      missing.add("ClientCertFile");
    }
    if (networkClient.clientPrivKeyFile().isEmpty()) {
      missing.add("ClientPrivKeyFile");
    }
    if (networkClient.serverCaFile().isEmpty()) {
      missing.add("ServerCAFile");
    }
    throw new ConfigException(
        source,
        line,
        section
            + "."
            + first.name()
            + " declares network device "
            + first.address()
            + ", but section LunaSA Client does not set "
            + String.join(", ", missing)
            + " (mutual TLS needs ClientCertFile, ClientPrivKeyFile and ServerCAFile)");
  }

  private SectionReader reader(String section) {
    return new SectionReader(source, document, section);
  }

  /** Loads by {@link ConfigLocation}'s rule from this process's environment. */
  public static ClientConfig load() throws ConfigException {
    return ConfigLocation.fromEnvironment().load();
  }

  /**
   * Loads by {@link ConfigLocation}'s rule from {@code env}: the file {@value #ENV_VAR} names
   * (relative paths are taken from {@code workingDir}), which must exist; else {@code selene.conf}
   * in SELENE_HOME ({@code env}'s, else {@code ~/.selene}) if it exists; else the built-in
   * defaults.
   */
  public static ClientConfig load(Map<String, String> env, Path workingDir) throws ConfigException {
    return ConfigLocation.resolve(env, workingDir, Path.of(System.getProperty("user.home"))).load();
  }

  /** The configuration of an empty file: every default, and the single default USB device. */
  public static ClientConfig defaults() {
    try {
      return new ClientConfig(BUILT_IN, ConfigDocument.empty());
    } catch (ConfigException e) {
      throw new IllegalStateException("our bug: the defaults do not validate", e);
    }
  }

  /** Reads a UTF-8 file; error messages name it by {@code path} as given. */
  public static ClientConfig parse(Path path) throws ConfigException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new ConfigException(path.toString(), "is not valid UTF-8", e);
    } catch (IOException e) {
      throw new ConfigException(path.toString(), "cannot be read: " + e, e);
    }
    return parse(text, path.toString());
  }

  /** Parses {@code text}; {@code sourceName} is how error messages refer to it. */
  public static ClientConfig parse(String text, String sourceName) throws ConfigException {
    ConfigDocument raw = ConfigParser.parse(text, sourceName);
    return new ClientConfig(sourceName, Schema.canonicalize(raw, sourceName));
  }

  /** The file this came from, or "built-in defaults". */
  public String source() {
    return source;
  }

  public LunaSection luna() {
    return luna;
  }

  public CardReaderSection cardReader() {
    return cardReader;
  }

  public PresentationSection presentation() {
    return presentation;
  }

  /**
   * Declared emulated devices in index order; empty when the driver should use its default device
   * or when only network devices are declared.
   */
  public List<DeviceDeclaration> devices() {
    return devices;
  }

  /**
   * The devices other hosts serve: the network entries of section {@code Devices} in index order,
   * then the servers of section {@code LunaSA Client} in index order, each server once (the same
   * host and port declared in both sections keeps its {@code Devices} entry). Empty when {@code
   * LunaSA Client.NetClient} is 0.
   */
  public List<NetworkDevice> networkDevices() {
    return networkDevices;
  }

  /**
   * True when the file declares no device at all, emulated or network: the driver then creates one
   * USB HSM 7 with a serial generated once and persisted under SELENE_HOME. A file that declares
   * only network devices gets no local device, even with {@code NetClient = 0} (which then leaves
   * the client with no device, as the vendor's network client has none of its own).
   */
  public boolean usesDefaultDevice() {
    return devices.isEmpty()
        && declaredNetworkDevices.isEmpty()
        && networkClient.servers().isEmpty();
  }

  /** HA groups in index order. */
  public List<VirtualTokenDeclaration> virtualTokens() {
    return virtualTokens;
  }

  public HaConfiguration ha() {
    return ha;
  }

  public MiscSection misc() {
    return misc;
  }

  public SessionSection session() {
    return session;
  }

  /** Section {@code LunaSA Client}: the certificates and servers of the network client. */
  public NetworkClientSection networkClient() {
    return networkClient;
  }

  /** Section {@code RBS}: the Remote Backup Service. */
  public RbsSection rbs() {
    return rbs;
  }

  /**
   * The value written in the file for {@code section}/{@code key}, both matched without regard to
   * case; empty when the file does not set it (defaults are not filled in here).
   */
  public Optional<String> get(String section, String key) {
    return document.get(section, key);
  }

  /**
   * Writes the configuration in {@code selene.conf} syntax with canonical names: one entry per
   * line, values as they were written. Comments and layout are not kept. Parsing the result gives
   * an equal configuration.
   */
  public String render() {
    return document.render();
  }

  /**
   * This configuration with {@code section}/{@code key} set to {@code value} (names matched without
   * regard to case; the entry or section is added when absent), validated as a whole like a file: a
   * value the key does not accept, an unknown name or a group left incomplete is a {@link
   * ConfigException}. {@code render()} of the result parses back to an equal configuration. The
   * source name stays.
   */
  public ClientConfig with(String section, String key, String value) throws ConfigException {
    return with(section, Map.of(key, value == null ? "" : value));
  }

  /**
   * As {@link #with(String, String, String)} for several keys of one section at once, checked
   * together (an HA group's three {@code VirtualTokenNN} keys must arrive together).
   */
  public ClientConfig with(String section, Map<String, String> entries) throws ConfigException {
    ConfigDocument next = document;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
      String v = e.getValue().strip();
      if (v.isEmpty()
          || v.chars().anyMatch(c -> c == ';' || c == '{' || c == '}' || c == '\n' || c == '\r')) {
        throw new ConfigException(
            source,
            section
                + "."
                + e.getKey()
                + " cannot be set to '"
                + e.getValue()
                + "': a value is non-empty, on one line, without ';', '{' or '}'",
            null);
      }
      next = next.with(section, e.getKey(), v);
    }
    return new ClientConfig(source, Schema.canonicalize(next, source));
  }

  /**
   * This configuration without the {@code keys} of {@code section} (absent ones are ignored),
   * validated as a whole.
   */
  public ClientConfig without(String section, String... keys) throws ConfigException {
    ConfigDocument next = document;
    for (String k : keys) {
      next = next.without(section, k);
    }
    return new ClientConfig(source, Schema.canonicalize(next, source));
  }

  /** Writes {@link #render()} to {@code path} atomically (a temporary file moved over it). */
  public void writeTo(Path path) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, render(), StandardCharsets.UTF_8);
      Files.move(
          tmp,
          path,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientConfig other && document.equals(other.document);
  }

  @Override
  public int hashCode() {
    return Objects.hash(document);
  }

  @Override
  public String toString() {
    return "ClientConfig["
        + source
        + ", "
        + devices.size()
        + " device(s), "
        + networkDevices.size()
        + " network device(s), "
        + virtualTokens.size()
        + " HA group(s)]";
  }
}
