package io.selenehsm.device.config;

import io.selenehsm.device.config.ConfigDocument.Entry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HA group from section {@code VirtualToken}, assembled from the three keys that share its
 * index: {@code VirtualTokenNNLabel}, {@code VirtualTokenNNSN} and {@code VirtualTokenNNMembers}.
 *
 * @param index the {@code NN} of the keys; groups are listed in index order
 * @param label the group's label, which applications use to find its virtual slot
 * @param serial the group's pseudo serial number, 1 to 20 digits
 * @param members serials of the member devices, in the order written; each is a serial declared in
 *     section {@code Devices}
 */
public record VirtualTokenDeclaration(
    int index, String label, String serial, List<String> members) {
  private static final Pattern SERIAL = Pattern.compile("\\d{1,20}");

  public VirtualTokenDeclaration {
    members = List.copyOf(members);
  }

  /**
   * Groups the indexed keys, checking that each group is complete and names declared devices; with
   * {@code networkDevices}, a member may also be a device a network server serves (its serial is
   * not in the file), checked when the group is built.
   */
  static List<VirtualTokenDeclaration> readAll(
      SectionReader r, Set<String> deviceSerials, boolean networkDevices) throws ConfigException {
    Map<Integer, Map<String, Entry>> groups = new TreeMap<>();
    for (Entry e : r.entries()) {
      Matcher m = Schema.VIRTUAL_TOKEN_KEY.matcher(e.key());
      if (m.matches()) {
        // Schema canonicalized the suffix, so it is exactly Label, SN or Members.
        String suffix = e.key().substring("VirtualToken".length() + 2);
        groups.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new TreeMap<>()).put(suffix, e);
      }
    }
    List<VirtualTokenDeclaration> tokens = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    Set<String> serials = new HashSet<>();
    for (Map.Entry<Integer, Map<String, Entry>> group : groups.entrySet()) {
      VirtualTokenDeclaration token =
          read(r, group.getKey(), group.getValue(), deviceSerials, networkDevices);
      if (!labels.add(token.label())) {
        throw r.error(
            group.getValue().get("Label"),
            "label '" + token.label() + "' is used by another VirtualToken group");
      }
      if (!serials.add(token.serial())) {
        throw r.error(
            group.getValue().get("SN"),
            "serial " + token.serial() + " is used by another VirtualToken group");
      }
      tokens.add(token);
    }
    return tokens;
  }

  private static VirtualTokenDeclaration read(
      SectionReader r,
      int index,
      Map<String, Entry> keys,
      Set<String> deviceSerials,
      boolean networkDevices)
      throws ConfigException {
    String prefix = String.format(Locale.ROOT, "VirtualToken%02d", index);
    for (String suffix : List.of("Label", "SN", "Members")) {
      if (!keys.containsKey(suffix)) {
        Entry any = keys.values().iterator().next();
        throw r.error(any, "HA group " + prefix + " has no " + prefix + suffix);
      }
    }
    Entry sn = keys.get("SN");
    if (!SERIAL.matcher(sn.value()).matches()) {
      throw r.bad(sn, "expected 1 to 20 digits");
    }
    Entry membersEntry = keys.get("Members");
    List<String> members = r.list(membersEntry, "expected comma-separated device serials");
    Set<String> seen = new HashSet<>();
    for (String member : members) {
      if (!networkDevices && !deviceSerials.contains(member)) {
        throw r.error(
            membersEntry,
            "VirtualToken."
                + membersEntry.key()
                + " names serial '"
                + member
                + "', which no Devices entry declares");
      }
      if (!seen.add(member)) {
        throw r.error(
            membersEntry,
            "VirtualToken." + membersEntry.key() + " names serial " + member + " twice");
      }
    }
    return new VirtualTokenDeclaration(index, keys.get("Label").value(), sn.value(), members);
  }
}
