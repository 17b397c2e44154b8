package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import io.selenehsm.device.config.ConfigDocument.Section;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sections and keys {@code selene.conf} knows, in their canonical spelling. Names are matched
 * without regard to case, as the vendor's library does, and rewritten to the canonical spelling so
 * that {@link ClientConfig#render()} always writes the same names.
 *
 * <p>Key names follow the vendor's client configuration table; where the table's own spellings
 * disagree (it writes both {@code CloningCommandTimeout} and {@code CloningCommandTimeOut}) the
 * case-insensitive match accepts both. {@code Devices}, {@code HALoadBalancing}, {@code
 * haStandbyMembers}, {@code haFailoverTimeout} and {@code ServeDevices} are Selene's own. Vendor
 * keys Selene has no use for are still known names, so a vendor file reads unchanged.
 */
final class Schema {
  static final String CHRYSTOKI2 = "Chrystoki2";
  static final String LUNA = "Luna";
  static final String CARD_READER = "CardReader";
  static final String PRESENTATION = "Presentation";
  static final String VIRTUAL_TOKEN = "VirtualToken";
  static final String HA_CONFIGURATION = "HAConfiguration";
  static final String MISC = "Misc";
  static final String SESSION = "Session";
  static final String DEVICES = "Devices";
  static final String LUNASA_CLIENT = "LunaSA Client";
  static final String RBS = "RBS";

  /** {@code Device00}: one emulated device per entry. */
  static final Pattern DEVICE_KEY = Pattern.compile("(?i)device(\\d{2})");

  /** {@code VirtualToken00Label}, {@code ...SN}, {@code ...Members}: one HA group per index. */
  static final Pattern VIRTUAL_TOKEN_KEY =
      Pattern.compile("(?i)virtualtoken(\\d{2})(label|sn|members)");

  /**
   * The indexed keys of section {@code LunaSA Client}: one server per index ({@code ServerName00},
   * {@code ServerPort00}, {@code ServerHtl00}) and the vendor's cluster keys ({@code LNHServer00},
   * ...), which Selene accepts and does not use.
   */
  static final List<String> LUNASA_INDEXED_KEYS =
      List.of(
          "ServerName",
          "ServerPort",
          "ServerHtl",
          "LNHServer",
          "LNHServerCAFile",
          "LNHServerClientCert",
          "LNHServerClientKey",
          "LNHServerCN",
          "LNHServerKeepAliveTimer",
          "LNHServerLoadBalancingMode",
          "LNHStandbyServer");

  /** {@code ServerName00} and the other indexed keys of section {@code LunaSA Client}. */
  static final Pattern LUNASA_INDEXED_KEY =
      Pattern.compile("(?i)(" + String.join("|", LUNASA_INDEXED_KEYS) + ")(\\d{2})");

  private static final Map<String, List<String>> FIXED_KEYS = new LinkedHashMap<>();

  static {
    // Library paths of the vendor client: accepted so a vendor file reads, otherwise unused.
    FIXED_KEYS.put(CHRYSTOKI2, List.of("LibNT", "LibNT32", "LibUNIX", "LibUNIX64"));
    FIXED_KEYS.put(
        LUNA,
        List.of(
            "DefaultTimeOut",
            "KeypairGenTimeOut",
            "CloningCommandTimeout",
            "CommandTimeoutPedSet",
            "DomainParamTimeout",
            "PEDTimeout1",
            "PEDTimeout2",
            "PEDTimeout3"));
    FIXED_KEYS.put(CARD_READER, List.of("LunaG5Slots", "LunaG7Slots", "RemoteCommand"));
    FIXED_KEYS.put(
        PRESENTATION,
        List.of("OneBaseSlotId", "ShowAdminTokens", "ShowEmptySlots", "ShowUserSlots"));
    FIXED_KEYS.put(VIRTUAL_TOKEN, List.of("VirtualTokenActiveRecovery"));
    FIXED_KEYS.put(
        HA_CONFIGURATION,
        List.of(
            "AutoReconnectInterval",
            "reconnAtt",
            "HAOnly",
            "ProbeTimeout",
            "statusTimeout",
            "HALoadBalancing",
            "haStandbyMembers",
            "haLogStatus",
            "haLogPath",
            "logLen",
            "haFailoverTimeout"));
    FIXED_KEYS.put(
        MISC,
        List.of(
            "AppId",
            "CopyRSAPublicValuesFromPrivateTemplate",
            "ECCPointEncodingStrategy",
            "FunctionBindLevel",
            "HSSKeyGenSignTimeout",
            "LoginAllowedOnFMEnabledHSMs",
            "MasterKeyFile",
            "MutexFolder",
            "PE1746Enabled",
            "PluginModuleDir",
            "ProtectedAuthenticationPathFlagStatus",
            "ServeDevices",
            "ToolsDir",
            "ValidateHost"));
    FIXED_KEYS.put(SESSION, List.of("AutoCleanUpDisabled"));
    FIXED_KEYS.put(DEVICES, List.of());
    // The network client; SSLConfigFile is the vendor's OpenSSL file, accepted and unused.
    FIXED_KEYS.put(
        LUNASA_CLIENT,
        List.of(
            "ClientCertFile",
            "ClientPrivKeyFile",
            "NetClient",
            "ReceiveTimeout",
            "ServerCAFile",
            "SSLConfigFile",
            "TCPKeepAlive"));
    // Remote Backup Service; CmdProcessor (the vendor's RBS library) is accepted and unused.
    FIXED_KEYS.put(
        RBS,
        List.of(
            "Available",
            "ClientAuthFile",
            "CmdProcessor",
            "HostName",
            "HostPort",
            "NetServer",
            "ServerCertFile",
            "ServerPrivKeyFile",
            "ServerSSLConfigFile"));
  }

  private Schema() {}

  /** Section names in their canonical spelling and order. */
  static List<String> sections() {
    return List.copyOf(FIXED_KEYS.keySet());
  }

  /** The non-indexed keys of {@code section}, canonical spelling. */
  static List<String> keys(String section) {
    return FIXED_KEYS.get(section);
  }

  /**
   * Rewrites every section and key name to its canonical spelling, rejecting unknown names and
   * names given twice. Duplicates are found after canonicalization, so two spellings of one key
   * ({@code HAOnly}, {@code haonly}) count as the same key.
   */
  static ConfigDocument canonicalize(ConfigDocument raw, String source) throws ConfigException {
    List<Section> sections = new ArrayList<>();
    Map<String, Integer> sectionLines = new HashMap<>();
    for (Section s : raw.sections()) {
      String name =
          canonicalSection(s.name())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          source,
                          s.line(),
                          "unknown section '"
                              + s.name()
                              + "' (known: "
                              + String.join(", ", sections())
                              + ")"));
      Integer firstSection = sectionLines.putIfAbsent(name, s.line());
      if (firstSection != null) {
        throw new ConfigException(
            source,
            s.line(),
            "duplicate section " + name + " (first opened at line " + firstSection + ")");
      }
      List<Entry> entries = new ArrayList<>();
      Map<String, Integer> keyLines = new HashMap<>();
      for (Entry e : s.entries()) {
        String key =
            canonicalKey(name, e.key())
                .orElseThrow(
                    () ->
                        new ConfigException(
                            source, e.line(), "unknown key '" + e.key() + "' in section " + name));
        Integer firstKey = keyLines.putIfAbsent(key, e.line());
        if (firstKey != null) {
          throw new ConfigException(
              source,
              e.line(),
              "duplicate key '"
                  + e.key()
                  + "' in section "
                  + name
                  + " (first set at line "
                  + firstKey
                  + ")");
        }
        entries.add(new Entry(key, e.value(), e.line()));
      }
      sections.add(new Section(name, s.line(), entries));
    }
    return new ConfigDocument(sections);
  }

  private static Optional<String> canonicalSection(String name) {
    return FIXED_KEYS.keySet().stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
  }

  private static Optional<String> canonicalKey(String section, String key) {
    Optional<String> fixed =
        FIXED_KEYS.get(section).stream().filter(k -> k.equalsIgnoreCase(key)).findFirst();
    if (fixed.isPresent()) {
      return fixed;
    }
    if (section.equals(DEVICES)) {
      Matcher m = DEVICE_KEY.matcher(key);
      return m.matches() ? Optional.of("Device" + m.group(1)) : Optional.empty();
    }
    if (section.equals(LUNASA_CLIENT)) {
      Matcher m = LUNASA_INDEXED_KEY.matcher(key);
      if (m.matches()) {
        String name =
            LUNASA_INDEXED_KEYS.stream()
                .filter(k -> k.equalsIgnoreCase(m.group(1)))
                .findFirst()
                .get();
        return Optional.of(name + m.group(2));
      }
      return Optional.empty();
    }
    if (section.equals(VIRTUAL_TOKEN)) {
      Matcher m = VIRTUAL_TOKEN_KEY.matcher(key);
      if (m.matches()) {
        String suffix =
            switch (m.group(2).toLowerCase(Locale.ROOT)) {
              case "label" -> "Label";
              case "sn" -> "SN";
              default -> "Members";
            };
        return Optional.of("VirtualToken" + m.group(1) + suffix);
      }
    }
    return Optional.empty();
  }
}
