package io.selenehsm.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties over generated configurations: whatever a valid file says, {@code render()} says it
 * again; and no single-character edit of a valid file makes the parser fail with anything but a
 * {@link ConfigException} on a line that exists.
 */
class ClientConfigPropertiesTest {

  /** A generated file and what it declares, to check the generator produced what it meant to. */
  record Generated(String text, int devices, int groups) {
    @Override
    public String toString() {
      return "\n" + text;
    }
  }

  record Device(int index, String kind, String serial, String attributes) {}

  record Group(int index, String label, String serial, List<String> members) {}

  record Section(String name, Map<String, String> entries) {}

  /** Edits (set, add a whole HA group, remove) keep the round trip and touch nothing else. */
  @Property(tries = 200)
  void editsSurviveRenderAndParse(
      @ForAll("validConfigs") Generated generated,
      @ForAll @net.jqwik.api.constraints.IntRange(min = -1, max = 500) int attempts)
      throws ConfigException {
    ClientConfig parsed = ClientConfig.parse(generated.text(), "generated");
    ClientConfig edited = parsed.with("haconfiguration", "RECONNATT", String.valueOf(attempts));
    assertEquals(attempts, edited.ha().reconnectAttempts());
    assertEquals(parsed.devices(), edited.devices());
    assertEquals(parsed.virtualTokens(), edited.virtualTokens());
    assertEquals(edited, ClientConfig.parse(edited.render(), "rendered"));
    if (!parsed.devices().isEmpty()) {
      String member = parsed.devices().get(0).serial();
      Set<Integer> used = new TreeSet<>();
      parsed.virtualTokens().forEach(t -> used.add(t.index()));
      int free = 0;
      while (used.contains(free)) {
        free++;
      }
      String k = String.format(Locale.ROOT, "VirtualToken%02d", free);
      ClientConfig grouped =
          edited.with(
              "VirtualToken",
              Map.of(
                  k + "Label", "zz-edit", k + "SN", "99999999999999999999", k + "Members", member));
      assertEquals(parsed.virtualTokens().size() + 1, grouped.virtualTokens().size());
      assertEquals(
          List.of(member),
          grouped.virtualTokens().stream()
              .filter(t -> t.label().equals("zz-edit"))
              .findFirst()
              .orElseThrow()
              .members());
      assertEquals(grouped, ClientConfig.parse(grouped.render(), "rendered"));
      ClientConfig ungrouped =
          grouped.without("VirtualToken", k + "Label", k + "SN", k + "Members");
      assertEquals(edited, ungrouped);
    }
    ClientConfig removed = edited.without("HAConfiguration", "reconnAtt");
    assertTrue(removed.get("HAConfiguration", "reconnAtt").isEmpty());
    assertEquals(removed, ClientConfig.parse(removed.render(), "rendered"));
  }

  @Property(tries = 400)
  void renderThenParseGivesAnEqualConfig(@ForAll("validConfigs") Generated generated)
      throws ConfigException {
    ClientConfig parsed = ClientConfig.parse(generated.text(), "generated");
    assertEquals(generated.devices(), parsed.devices().size());
    assertEquals(generated.groups(), parsed.virtualTokens().size());
    Statistics.label("devices").collect(parsed.devices().isEmpty() ? "none" : "some");
    Statistics.label("HA groups").collect(parsed.virtualTokens().isEmpty() ? "none" : "some");
    Statistics.label("standby").collect(parsed.ha().standbyMembers().isEmpty() ? "none" : "some");
    Statistics.label("devices").coverage(c -> c.check("some").percentage(p -> p > 35));
    Statistics.label("HA groups").coverage(c -> c.check("some").percentage(p -> p > 15));
    Statistics.label("standby").coverage(c -> c.check("some").percentage(p -> p > 4));

    ClientConfig again = ClientConfig.parse(parsed.render(), "rendered");
    assertEquals(parsed, again);
    assertEquals(parsed.render(), again.render());
    assertEquals(parsed.luna(), again.luna());
    assertEquals(parsed.cardReader(), again.cardReader());
    assertEquals(parsed.presentation(), again.presentation());
    assertEquals(parsed.devices(), again.devices());
    assertEquals(parsed.virtualTokens(), again.virtualTokens());
    assertEquals(parsed.ha(), again.ha());
    assertEquals(parsed.misc(), again.misc());
    assertEquals(parsed.session(), again.session());
  }

  @Property(tries = 400)
  void singleCharacterMutationsOfGeneratedFilesOnlyRaiseConfigException(
      @ForAll("validConfigs") Generated generated, @ForAll("mutations") Mutation mutation) {
    parseMutated(mutation.apply(generated.text()));
  }

  @Property(tries = 600)
  void singleCharacterMutationsOfTheShippedFileOnlyRaiseConfigException(
      @ForAll("mutations") Mutation mutation) throws IOException {
    parseMutated(mutation.apply(Files.readString(Path.of("../conf/selene.conf"))));
  }

  /** Parsing may succeed or fail, but only with a ConfigException pointing at a real line. */
  private static void parseMutated(String text) {
    try {
      ClientConfig.parse(text, "mutated");
    } catch (ConfigException e) {
      long lines = text.chars().filter(c -> c == '\n').count() + 1;
      assertTrue(
          e.line() >= 1 && e.line() <= lines,
          () -> "line " + e.line() + " of " + lines + ": " + e.getMessage());
    }
  }

  // ---- mutations ----

  enum Edit {
    REPLACE,
    INSERT,
    DELETE
  }

  record Mutation(Edit edit, int position, char c) {
    String apply(String text) {
      int at = position % (text.length() + 1);
      return switch (edit) {
        case INSERT -> text.substring(0, at) + c + text.substring(at);
        case REPLACE ->
            at == text.length() ? text + c : text.substring(0, at) + c + text.substring(at + 1);
        case DELETE -> at == text.length() ? text : text.substring(0, at) + text.substring(at + 1);
      };
    }
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    Arbitrary<Character> chars =
        Arbitraries.oneOf(
            Arbitraries.of(
                '{', '}', ';', '=', '#', ',', '(', ')', '\n', '\r', '\t', ' ', '\u0000', 'ı', 'İ',
                '€', '-'),
            Arbitraries.chars().alpha(),
            Arbitraries.chars().numeric(),
            Arbitraries.chars());
    return Combinators.combine(
            Arbitraries.of(Edit.class), Arbitraries.integers().between(0, 20_000), chars)
        .as(Mutation::new);
  }

  // ---- valid configurations ----

  private static final Arbitrary<String> BOOLEANS =
      Arbitraries.of("0", "1", "true", "false", "yes", "no", "TRUE", "No");
  private static final Arbitrary<String> PATHS =
      Arbitraries.strings()
          .withChars("abcXYZ019/_.-# :\\é€")
          .ofMaxLength(24)
          .map(s -> "/" + s.strip());
  private static final Arbitrary<String> MILLIS = longs(1, Integer.MAX_VALUE);

  private static Arbitrary<String> longs(long min, long max) {
    return Arbitraries.longs().between(min, max).map(String::valueOf);
  }

  private static Map<String, Arbitrary<String>> valuesOf(String section) {
    Map<String, Arbitrary<String>> v = new LinkedHashMap<>();
    switch (section) {
      case Schema.CHRYSTOKI2 -> Schema.keys(section).forEach(k -> v.put(k, PATHS));
      case Schema.LUNA -> Schema.keys(section).forEach(k -> v.put(k, MILLIS));
      case Schema.CARD_READER -> {
        v.put("LunaG5Slots", longs(0, 64));
        v.put("LunaG7Slots", longs(0, 64));
        v.put("RemoteCommand", BOOLEANS);
      }
      case Schema.PRESENTATION -> {
        v.put("OneBaseSlotId", Arbitraries.of("0", "1"));
        v.put("ShowAdminTokens", BOOLEANS);
        v.put("ShowEmptySlots", BOOLEANS);
        v.put("ShowUserSlots", userSlots());
      }
      case Schema.MISC -> {
        v.put("AppId", Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(32));
        v.put("CopyRSAPublicValuesFromPrivateTemplate", BOOLEANS);
        v.put("ECCPointEncodingStrategy", longs(1, 2));
        v.put("FunctionBindLevel", longs(0, 2));
        v.put("HSSKeyGenSignTimeout", MILLIS);
        v.put("LoginAllowedOnFMEnabledHSMs", BOOLEANS);
        v.put("MutexFolder", PATHS);
        v.put("PE1746Enabled", BOOLEANS);
        v.put("PluginModuleDir", PATHS);
        v.put("ProtectedAuthenticationPathFlagStatus", longs(0, 2));
        v.put("ToolsDir", PATHS);
        v.put("ValidateHost", BOOLEANS);
      }
      case Schema.SESSION -> v.put("AutoCleanUpDisabled", BOOLEANS);
      case Schema.HA_CONFIGURATION -> {
        v.put("AutoReconnectInterval", longs(60, 1200));
        v.put("reconnAtt", longs(-1, 500));
        v.put("HAOnly", BOOLEANS);
        v.put("ProbeTimeout", longs(0, 3600));
        v.put("statusTimeout", longs(3, 60));
        v.put("HALoadBalancing", Arbitraries.of("round_robin", "pick_first", "PICK_FIRST"));
        v.put("haLogStatus", Arbitraries.of("enabled", "disabled", "Enabled"));
        v.put("haLogPath", PATHS);
        v.put("logLen", longs(1, Long.MAX_VALUE));
      }
      default -> throw new IllegalArgumentException(section);
    }
    return v;
  }

  private static Arbitrary<String> userSlots() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 9999).set().ofMinSize(1).ofMaxSize(4),
            Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20).set().ofSize(4))
        .as(
            (slots, serials) -> {
              List<String> s = new ArrayList<>(serials);
              List<String> items = new ArrayList<>();
              int i = 0;
              for (int slot : slots) {
                items.add(slot + "(" + s.get(i++) + ")");
              }
              return String.join(",", items);
            });
  }

  /** A section whose keys are a random subset of its keys, each with a random valid value. */
  private static Arbitrary<Optional<Section>> plainSection(String name) {
    List<Arbitrary<Optional<Map.Entry<String, String>>>> keys = new ArrayList<>();
    valuesOf(name)
        .forEach((key, values) -> keys.add(values.map(v -> Map.entry(key, v)).optional(0.4)));
    return Combinators.combine(keys)
        .as(
            entries -> {
              Map<String, String> m = new LinkedHashMap<>();
              entries.forEach(e -> e.ifPresent(kv -> m.put(kv.getKey(), kv.getValue())));
              return new Section(name, m);
            })
        .optional(0.8);
  }

  private static Arbitrary<List<Device>> devices() {
    Arbitrary<String> attributes =
        Combinators.combine(
                Arbitraries.of("", ", factory=zeroized", ", factory=STM", ",factory = Zeroized"),
                Arbitraries.of("", ", home=/var/selene/d", ", HOME = /tmp/x y"))
            .as(String::concat);
    return Combinators.combine(
            Arbitraries.integers().between(0, 99),
            Arbitraries.of("usb", "pcie", "backup", "USB", "PCIe"),
            Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(10),
            attributes)
        .as(Device::new)
        .list()
        .ofMaxSize(5)
        .uniqueElements(Device::index)
        .uniqueElements(Device::serial);
  }

  private static Arbitrary<List<Group>> groups(List<String> serials) {
    if (serials.isEmpty()) {
      return Arbitraries.just(List.of());
    }
    return Combinators.combine(
            Arbitraries.integers().between(0, 99),
            Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("-_ ")
                .ofMinLength(1)
                .ofMaxLength(16)
                .map(String::strip)
                .filter(s -> !s.isEmpty()),
            Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20),
            Arbitraries.subsetOf(serials).ofMinSize(1).map(ArrayList::new))
        .as(Group::new)
        .list()
        .ofMaxSize(3)
        .uniqueElements(Group::index)
        .uniqueElements(Group::label)
        .uniqueElements(Group::serial);
  }

  @Provide
  Arbitrary<Generated> validConfigs() {
    List<Arbitrary<Optional<Section>>> plain = new ArrayList<>();
    for (String name :
        List.of(
            Schema.CHRYSTOKI2,
            Schema.LUNA,
            Schema.CARD_READER,
            Schema.PRESENTATION,
            Schema.MISC,
            Schema.SESSION,
            Schema.HA_CONFIGURATION)) {
      plain.add(plainSection(name));
    }
    Arbitrary<List<Optional<Section>>> plainSections = Combinators.combine(plain).as(List::copyOf);
    return devices()
        .flatMap(
            devices ->
                groups(devices.stream().map(Device::serial).toList())
                    .flatMap(
                        groups -> {
                          Set<String> members = new TreeSet<>();
                          groups.forEach(g -> members.addAll(g.members()));
                          Arbitrary<Set<String>> standby =
                              members.isEmpty()
                                  ? Arbitraries.just(Set.of())
                                  : Arbitraries.subsetOf(members);
                          return Combinators.combine(
                                  plainSections,
                                  standby,
                                  Arbitraries.of(
                                      "", "activeBasic", "activeEnhanced", "ACTIVEENHANCED"),
                                  Arbitraries.longs())
                              .as(
                                  (sections, standbyMembers, recovery, layoutSeed) ->
                                      new Generated(
                                          write(
                                              assemble(
                                                  sections,
                                                  devices,
                                                  groups,
                                                  standbyMembers,
                                                  recovery),
                                              new Random(layoutSeed)),
                                          devices.size(),
                                          groups.size()));
                        }));
  }

  private static List<Section> assemble(
      List<Optional<Section>> plain,
      List<Device> devices,
      List<Group> groups,
      Set<String> standby,
      String recovery) {
    List<Section> sections = new ArrayList<>();
    for (Optional<Section> s : plain) {
      if (s.isEmpty()) {
        continue;
      }
      Section section = s.get();
      if (section.name().equals(Schema.HA_CONFIGURATION) && !standby.isEmpty()) {
        section.entries().put("haStandbyMembers", String.join(", ", standby));
      }
      sections.add(section);
    }
    if (!devices.isEmpty()) {
      Map<String, String> entries = new LinkedHashMap<>();
      devices.forEach(
          d ->
              entries.put(
                  String.format(Locale.ROOT, "Device%02d", d.index()),
                  d.kind() + ", " + d.serial() + d.attributes()));
      sections.add(new Section(Schema.DEVICES, entries));
    }
    if (!groups.isEmpty() || !recovery.isEmpty()) {
      Map<String, String> entries = new LinkedHashMap<>();
      for (Group g : groups) {
        String prefix = String.format(Locale.ROOT, "VirtualToken%02d", g.index());
        entries.put(prefix + "Label", g.label());
        entries.put(prefix + "SN", g.serial());
        entries.put(prefix + "Members", String.join(",", g.members()));
      }
      if (!recovery.isEmpty()) {
        entries.put("VirtualTokenActiveRecovery", recovery);
      }
      sections.add(new Section(Schema.VIRTUAL_TOKEN, entries));
    }
    return sections;
  }

  /** Writes sections with random name case, spacing, line breaks and comments. */
  private static String write(List<Section> sections, Random random) {
    StringBuilder out = new StringBuilder();
    for (Section s : sections) {
      if (random.nextInt(3) == 0) {
        out.append("# about ").append(s.name()).append(" = { ; }\n");
      }
      out.append(anyCase(s.name(), random))
          .append(space(random))
          .append('=')
          .append(random.nextBoolean() ? " " : "\n")
          .append('{')
          .append(random.nextBoolean() ? "\n" : " ");
      for (Map.Entry<String, String> e : s.entries().entrySet()) {
        out.append(space(random))
            .append(anyCase(e.getKey(), random))
            .append(space(random))
            .append('=')
            .append(space(random))
            .append(e.getValue())
            .append(space(random))
            .append(';');
        switch (random.nextInt(4)) {
          case 0 -> out.append(' ');
          case 1 -> out.append("  # note {\n");
          default -> out.append(random.nextBoolean() ? "\n" : "\r\n");
        }
      }
      out.append(space(random)).append('}').append(random.nextBoolean() ? "\n\n" : "\n");
    }
    return out.toString();
  }

  private static String anyCase(String name, Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> name.toLowerCase(Locale.ROOT);
      case 1 -> name.toUpperCase(Locale.ROOT);
      default -> name;
    };
  }

  private static String space(Random random) {
    return List.of("", " ", "  ", "\t").get(random.nextInt(4));
  }
}
