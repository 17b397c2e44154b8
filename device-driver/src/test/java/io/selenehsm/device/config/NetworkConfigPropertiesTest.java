package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated network-client configurations: {@code networkDevices()} is what an independent model of
 * the declarations says (Devices entries first, then servers not already declared, none with
 * NetClient 0), whatever the spelling of hosts; and {@code render()} parses back to an equal
 * configuration with equal sections.
 */
class NetworkConfigPropertiesTest {

  /**
   * One server as the generator means it: {@code identity} is what makes two spellings the same
   * server, {@code spelling} is how this declaration writes the host.
   */
  record Endpoint(String identity, String spelling, Optional<Integer> port) {
    int effectivePort() {
      return port.orElse(1792);
    }

    String key() {
      return identity + "/" + effectivePort();
    }

    boolean ipv6() {
      return spelling.contains(":");
    }
  }

  record Declared(int index, Endpoint endpoint) {}

  record Generated(
      String text,
      List<String> localSerials,
      List<Declared> devices,
      List<Declared> servers,
      boolean netClient,
      boolean serveDevices) {
    @Override
    public String toString() {
      return "\n" + text;
    }
  }

  /** Equivalent spellings of one address; the IPv4-mapped IPv6 form equals the IPv4 one. */
  private static final List<List<String>> ADDRESS_SPELLINGS =
      List.of(
          List.of("::1", "0:0:0:0:0:0:0:1", "0::1", "0:0::0:1"),
          List.of("2001:db8::7", "2001:DB8:0:0:0:0:0:7", "2001:db8:0::7"),
          List.of("fe80::a", "FE80:0:0:0:0:0:0:A"),
          List.of("10.0.0.1", "::ffff:10.0.0.1", "::FFFF:10.0.0.1"),
          List.of("192.0.2.33"),
          List.of("127.0.0.1"));

  private static Arbitrary<Endpoint> endpoints() {
    Arbitrary<Endpoint> addresses =
        Arbitraries.integers()
            .between(0, ADDRESS_SPELLINGS.size() - 1)
            .flatMap(
                i ->
                    Arbitraries.of(ADDRESS_SPELLINGS.get(i))
                        .map(s -> new Endpoint("address" + i, s, Optional.empty())));
    Arbitrary<String> label =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('0', '7', '-')
            .ofMinLength(1)
            .ofMaxLength(12)
            .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
    Arbitrary<Endpoint> names =
        Combinators.combine(label.list().ofMinSize(1).ofMaxSize(3), Arbitraries.longs())
            .as(
                (labels, seed) -> {
                  String name = String.join(".", labels) + ".example";
                  return new Endpoint(name, anyCase(name, new Random(seed)), Optional.empty());
                });
    Arbitrary<Optional<Integer>> ports =
        Arbitraries.oneOf(
                Arbitraries.integers().between(1, 65535), Arbitraries.of(1792, 1793, 1, 65535))
            .optional(0.6);
    return Combinators.combine(Arbitraries.oneOf(addresses, names), ports)
        .as((e, port) -> new Endpoint(e.identity(), e.spelling(), port));
  }

  /** Declarations with distinct indexes and, within one section, distinct servers. */
  private static Arbitrary<List<Declared>> declarations(int maxSize) {
    return Combinators.combine(Arbitraries.integers().between(0, 99), endpoints())
        .as(Declared::new)
        .list()
        .ofMaxSize(maxSize)
        .uniqueElements(Declared::index)
        .uniqueElements(d -> d.endpoint().key());
  }

  @Provide
  Arbitrary<Generated> networkConfigs() {
    Arbitrary<List<String>> localSerials =
        Arbitraries.strings()
            .numeric()
            .ofMinLength(1)
            .ofMaxLength(10)
            .list()
            .ofMaxSize(2)
            .uniqueElements();
    return Combinators.combine(
            localSerials,
            declarations(4),
            declarations(4),
            Arbitraries.of("", "1", "0", "yes", "no", "TRUE"),
            Arbitraries.of("", "0", "1"),
            Arbitraries.integers().between(0, 99),
            Arbitraries.longs())
        .as(
            (locals, devices, servers, netClient, serve, reuse, seed) -> {
              Random random = new Random(seed);
              List<Declared> serverList = new ArrayList<>(servers);
              // Often re-declare a Devices server in LunaSA Client, spelled differently.
              if (!devices.isEmpty() && reuse % 2 == 0) {
                Declared d = devices.get(reuse % devices.size());
                int index = reuse;
                boolean free =
                    serverList.stream()
                        .noneMatch(
                            s ->
                                s.index() == index
                                    || s.endpoint().key().equals(d.endpoint().key()));
                if (free) {
                  serverList.add(new Declared(index, respell(d.endpoint(), random)));
                }
              }
              boolean on = netClient.isEmpty() || List.of("1", "yes", "TRUE").contains(netClient);
              String text = write(locals, devices, serverList, netClient, serve, random);
              return new Generated(text, locals, devices, serverList, on, serve.equals("1"));
            });
  }

  @Property(tries = 500)
  void networkDevicesFollowTheDeclarationsAndTheDedupeRule(@ForAll("networkConfigs") Generated g)
      throws ConfigException {
    ClientConfig c = ClientConfig.parse(g.text(), "generated");

    List<NetworkDevice> expected = new ArrayList<>();
    if (g.netClient()) {
      Map<String, NetworkDevice> byKey = new LinkedHashMap<>();
      sorted(g.devices()).forEach(d -> byKey.putIfAbsent(d.endpoint().key(), device("Device", d)));
      sorted(g.servers())
          .forEach(s -> byKey.putIfAbsent(s.endpoint().key(), device("ServerName", s)));
      expected.addAll(byKey.values());
    }
    assertEquals(expected, c.networkDevices());
    assertEquals(
        sorted(g.servers()).stream().map(s -> device("ServerName", s)).toList(),
        c.networkClient().servers());
    assertEquals(g.localSerials(), c.devices().stream().map(DeviceDeclaration::serial).toList());
    assertEquals(
        g.localSerials().isEmpty() && g.devices().isEmpty() && g.servers().isEmpty(),
        c.usesDefaultDevice());
    assertEquals(g.serveDevices(), c.misc().serveDevices());

    int declared = g.devices().size() + g.servers().size();
    Statistics.label("deduplicated")
        .collect(g.netClient() && expected.size() < declared ? "some" : "none");
    Statistics.label("NetClient").collect(g.netClient() ? "on" : "off");
    Statistics.label("deduplicated").coverage(k -> k.check("some").percentage(p -> p > 10));
    Statistics.label("NetClient").coverage(k -> k.check("off").percentage(p -> p > 10));
  }

  @Property(tries = 300)
  void renderThenParseGivesAnEqualConfiguration(@ForAll("networkConfigs") Generated g)
      throws ConfigException {
    ClientConfig c = ClientConfig.parse(g.text(), "generated");
    ClientConfig again = ClientConfig.parse(c.render(), "rendered");
    assertEquals(c, again);
    assertEquals(c.hashCode(), again.hashCode());
    assertEquals(c.render(), again.render());
    assertEquals(c.networkClient(), again.networkClient());
    assertEquals(c.networkDevices(), again.networkDevices());
    assertEquals(c.rbs(), again.rbs());
    assertEquals(c.misc(), again.misc());
    assertEquals(c.devices(), again.devices());
  }

  @Property(tries = 200)
  void generatedRbsSectionsReadAsWritten(
      @ForAll("rbsSections") Map<String, String> entries, @ForAll boolean backupDevice)
      throws ConfigException {
    String serial = "4242";
    boolean serves = !entries.getOrDefault("NetServer", "1").equals("0");
    Map<String, String> written = new LinkedHashMap<>(entries);
    if (serves && !backupDevice) {
      written.remove("Available");
    } else if (serves) {
      written.computeIfPresent("Available", (k, v) -> serial);
    }
    StringBuilder text = new StringBuilder();
    if (backupDevice) {
      text.append("Devices = {\n  Device00 = backup, ").append(serial).append(";\n}\n");
    }
    text.append("RBS = {\n");
    written.forEach((k, v) -> text.append("  ").append(k).append(" = ").append(v).append(";\n"));
    text.append("}\n");
    ClientConfig c = ClientConfig.parse(text.toString(), "generated");
    RbsSection rbs = c.rbs();
    assertEquals(!written.isEmpty(), rbs.declared());
    assertEquals(serves, rbs.netServer());
    assertEquals(!written.isEmpty() && serves, rbs.servesBackupHsms());
    assertEquals(
        written.getOrDefault("HostName", "0.0.0.0").replace("[", "").replace("]", ""),
        rbs.hostName());
    assertEquals(Integer.parseInt(written.getOrDefault("HostPort", "1792")), rbs.hostPort());
    List<String> available =
        written.containsKey("Available")
            ? List.of(written.get("Available").split("\\s*,\\s*"))
            : backupDevice ? List.of(serial) : List.of();
    assertEquals(available, rbs.available());
    assertEquals(Optional.ofNullable(written.get("ServerCertFile")), rbs.serverCertFile());
    assertEquals(c, ClientConfig.parse(c.render(), "rendered"));
  }

  @Provide
  Arbitrary<Map<String, String>> rbsSections() {
    Arbitrary<String> paths =
        Arbitraries.strings().withChars("abc/._-").ofMinLength(1).ofMaxLength(20).map(s -> "/" + s);
    Map<String, Arbitrary<String>> keys = new LinkedHashMap<>();
    keys.put(
        "HostName",
        Arbitraries.of("0.0.0.0", "::", "[::]", "rbs.example", "192.0.2.1", "[2001:db8::1]"));
    keys.put("HostPort", Arbitraries.integers().between(1, 65535).map(String::valueOf));
    keys.put("NetServer", Arbitraries.of("0", "1"));
    keys.put(
        "Available",
        Arbitraries.strings()
            .numeric()
            .ofMinLength(1)
            .ofMaxLength(10)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .uniqueElements()
            .map(l -> String.join(", ", l)));
    keys.put("ServerCertFile", paths);
    keys.put("ServerPrivKeyFile", paths);
    keys.put("ClientAuthFile", paths);
    keys.put("ServerSSLConfigFile", paths);
    keys.put("CmdProcessor", paths);
    List<Arbitrary<Optional<Map.Entry<String, String>>>> entries = new ArrayList<>();
    keys.forEach((k, v) -> entries.add(v.map(value -> Map.entry(k, value)).optional(0.5)));
    return Combinators.combine(entries)
        .as(
            list -> {
              Map<String, String> m = new LinkedHashMap<>();
              list.forEach(o -> o.ifPresent(e -> m.put(e.getKey(), e.getValue())));
              return m;
            });
  }

  // ---- the model and the writer ----

  private static List<Declared> sorted(List<Declared> declared) {
    return declared.stream()
        .collect(Collectors.toMap(Declared::index, d -> d, (a, b) -> a, TreeMap::new))
        .values()
        .stream()
        .toList();
  }

  private static NetworkDevice device(String prefix, Declared d) {
    return new NetworkDevice(
        String.format(Locale.ROOT, "%s%02d", prefix, d.index()),
        d.endpoint().spelling(),
        d.endpoint().effectivePort());
  }

  /** The same server, written another way: another spelling and the port explicit or not. */
  private static Endpoint respell(Endpoint e, Random random) {
    String spelling =
        ADDRESS_SPELLINGS.stream()
            .filter(s -> s.contains(e.spelling()))
            .findFirst()
            .map(s -> s.get(random.nextInt(s.size())))
            .orElse(anyCase(e.spelling(), random));
    Optional<Integer> port =
        e.effectivePort() == 1792 && random.nextBoolean()
            ? (e.port().isPresent() ? Optional.empty() : Optional.of(1792))
            : e.port();
    return new Endpoint(e.identity(), spelling, port);
  }

  private static String write(
      List<String> locals,
      List<Declared> devices,
      List<Declared> servers,
      String netClient,
      String serve,
      Random random) {
    StringBuilder out = new StringBuilder();
    if (!locals.isEmpty() || !devices.isEmpty()) {
      Map<Integer, String> entries = new TreeMap<>();
      for (Declared d : devices) {
        Endpoint e = d.endpoint();
        String host = e.ipv6() ? "[" + e.spelling() + "]" : e.spelling();
        entries.put(
            d.index(),
            anyCase("network", random) + ", " + host + e.port().map(p -> ":" + p).orElse(""));
      }
      int next = 0;
      for (String serial : locals) {
        while (entries.containsKey(next)) {
          next++;
        }
        entries.put(next, (random.nextBoolean() ? "usb" : "pcie") + ", " + serial);
      }
      List<Map.Entry<Integer, String>> shuffled = new ArrayList<>(entries.entrySet());
      java.util.Collections.shuffle(shuffled, random);
      out.append(anyCase("Devices", random)).append(" = {\n");
      for (Map.Entry<Integer, String> e : shuffled) {
        entry(out, String.format(Locale.ROOT, "Device%02d", e.getKey()), e.getValue(), random);
      }
      out.append("}\n");
    }
    out.append(anyCase("LunaSA Client", random)).append(" = {\n");
    entry(out, "ClientCertFile", "/etc/selene/client/c.pem", random);
    entry(out, "ClientPrivKeyFile", "/etc/selene/client/k.pem", random);
    entry(out, "ServerCAFile", "/etc/selene/client/ca.pem", random);
    if (!netClient.isEmpty()) {
      entry(out, "NetClient", netClient, random);
    }
    if (random.nextBoolean()) {
      entry(out, "ReceiveTimeout", String.valueOf(1 + random.nextInt(100_000)), random);
    }
    if (random.nextBoolean()) {
      entry(out, "TCPKeepAlive", random.nextBoolean() ? "0" : "1", random);
    }
    for (Declared s : servers) {
      Endpoint e = s.endpoint();
      String nn = String.format(Locale.ROOT, "%02d", s.index());
      boolean brackets = e.ipv6() && random.nextBoolean();
      entry(out, "ServerName" + nn, brackets ? "[" + e.spelling() + "]" : e.spelling(), random);
      if (e.port().isPresent()) {
        entry(out, "ServerPort" + nn, String.valueOf(e.port().get()), random);
      }
      if (random.nextBoolean()) {
        entry(out, "ServerHtl" + nn, "0", random);
      }
    }
    out.append("}\n");
    if (!serve.isEmpty()) {
      out.append("Misc = { ServeDevices = ").append(serve).append("; }\n");
    }
    return out.toString();
  }

  private static void entry(StringBuilder out, String key, String value, Random random) {
    out.append("  ").append(anyCase(key, random)).append(" = ").append(value).append(';');
    out.append(random.nextInt(3) == 0 ? " " : "\n");
  }

  private static String anyCase(String text, Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> text.toLowerCase(Locale.ROOT);
      case 1 -> text.toUpperCase(Locale.ROOT);
      default -> text;
    };
  }
}
