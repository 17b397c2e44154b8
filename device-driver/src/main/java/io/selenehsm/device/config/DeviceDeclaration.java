package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One emulated device from section {@code Devices}, written {@code DeviceNN = kind, serial[,
 * name=value ...];}, for example {@code Device01 = pcie, 7654321, factory=zeroized;}. An entry of
 * kind {@code network} declares a device another host serves instead: a {@link NetworkDevice}.
 *
 * @param index the {@code NN} of the key; devices are listed in index order
 * @param kind usb, pcie or backup
 * @param serial the device serial number, 1 to 10 decimal digits
 * @param attributes optional attributes by lower-case name; {@value #FACTORY} and {@value #HOME}
 *     are the ones defined
 */
public record DeviceDeclaration(
    int index, DeviceKind kind, String serial, Map<String, String> attributes) {
  /** Attribute {@code factory=zeroized|stm}: the state a device is in when it is first created. */
  public static final String FACTORY = "factory";

  /**
   * Attribute {@code home=/path}: the device's state directory instead of one under SELENE_HOME.
   */
  public static final String HOME = "home";

  private static final Set<String> ATTRIBUTES = Set.of(FACTORY, HOME);
  private static final Pattern SERIAL = Pattern.compile("\\d{1,10}");
  private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z]+)\\s*=\\s*(.+)");
  private static final String FORM = "expected 'kind, serial[, name=value ...]'";

  public DeviceDeclaration {
    attributes = Map.copyOf(attributes);
  }

  /**
   * True when the device starts zeroized on first creation ({@code factory=zeroized}); otherwise a
   * new device starts as shipped, in Secure Transport Mode.
   */
  public boolean factoryZeroized() {
    return "zeroized".equalsIgnoreCase(attributes.get(FACTORY));
  }

  /** The state directory override ({@code home=...}), if any. */
  public Optional<Path> home() {
    return Optional.ofNullable(attributes.get(HOME)).map(Path::of);
  }

  /**
   * Reads every {@code DeviceNN} entry of an emulated device, rejecting bad kinds, serials,
   * attributes and reuse. Network entries are {@link NetworkDevice}'s.
   */
  static List<DeviceDeclaration> readAll(SectionReader r) throws ConfigException {
    List<DeviceDeclaration> devices = new ArrayList<>();
    Map<String, String> serialOwners = new HashMap<>();
    for (Entry e : r.entries()) {
      if (NetworkDevice.declares(e)) {
        continue;
      }
      DeviceDeclaration d = read(r, e);
      String owner = serialOwners.putIfAbsent(d.serial(), e.key());
      if (owner != null) {
        throw r.error(
            e, "serial " + d.serial() + " of Devices." + e.key() + " is already used by " + owner);
      }
      devices.add(d);
    }
    devices.sort(Comparator.comparingInt(DeviceDeclaration::index));
    return devices;
  }

  private static DeviceDeclaration read(SectionReader r, Entry e) throws ConfigException {
    Matcher key = Schema.DEVICE_KEY.matcher(e.key());
    if (!key.matches()) {
      throw new IllegalStateException("our bug: Schema let " + e.key() + " into Devices");
    }
    List<String> parts = r.list(e, FORM);
    if (parts.size() < 2) {
      throw r.bad(e, FORM);
    }
    DeviceKind kind = kind(r, e, parts.get(0));
    String serial = parts.get(1);
    if (!SERIAL.matcher(serial).matches()) {
      throw r.error(
          e, "bad serial '" + serial + "' for Devices." + e.key() + " (expected 1 to 10 digits)");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String part : parts.subList(2, parts.size())) {
      Matcher m = ATTRIBUTE.matcher(part);
      if (!m.matches()) {
        throw r.bad(e, FORM);
      }
      String name = m.group(1).toLowerCase(Locale.ROOT);
      String value = m.group(2).strip();
      if (!ATTRIBUTES.contains(name)) {
        throw r.error(
            e,
            "unknown attribute '"
                + m.group(1)
                + "' for Devices."
                + e.key()
                + " (known: "
                + FACTORY
                + ", "
                + HOME
                + ")");
      }
      if (attributes.put(name, value) != null) {
        throw r.error(e, "attribute '" + name + "' given twice for Devices." + e.key());
      }
      checkAttribute(r, e, name, value);
    }
    return new DeviceDeclaration(Integer.parseInt(key.group(1)), kind, serial, attributes);
  }

  private static DeviceKind kind(SectionReader r, Entry e, String word) throws ConfigException {
    for (DeviceKind k : DeviceKind.values()) {
      if (k.configName().equalsIgnoreCase(word)) {
        return k;
      }
    }
    throw r.error(
        e,
        "bad device kind '"
            + word
            + "' for Devices."
            + e.key()
            + " (expected usb, pcie or backup); a device another host serves is written"
            + " 'network, host[:port]'");
  }

  private static void checkAttribute(SectionReader r, Entry e, String name, String value)
      throws ConfigException {
    if (name.equals(FACTORY)
        && !value.equalsIgnoreCase("zeroized")
        && !value.equalsIgnoreCase("stm")) {
      throw r.error(
          e,
          "bad factory state '"
              + value
              + "' for Devices."
              + e.key()
              + " (expected zeroized or stm)");
    }
    if (name.equals(HOME)) {
      try {
        Path unused = Path.of(value);
      } catch (InvalidPathException notAPath) {
        throw r.error(
            e, "bad home '" + value + "' for Devices." + e.key() + ": " + notAPath.getReason());
      }
    }
  }
}
