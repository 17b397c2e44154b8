package io.selenehsm.cm;

import io.selenehsm.firmware.policy.PolicyDefinition;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Policy tables and template files, shared by the hsm and partition families. */
final class PolicyReport {
  private PolicyReport() {}

  static void print(PrintStream out, List<PolicyDefinition> defs, PolicyValues values) {
    Listing.Table t = new Listing.Table("ID", "Description", "Value", "Destructive");
    Map<Integer, Integer> v = values.asMap();
    for (PolicyDefinition d : defs) {
      if (v.containsKey(d.id())) {
        t.add(d.id(), d.description(), v.get(d.id()), d.destructive() ? "yes" : "no");
      }
    }
    t.print(out);
  }

  static Optional<PolicyDefinition> find(List<PolicyDefinition> defs, int id) {
    return defs.stream().filter(d -> d.id() == id).findFirst();
  }

  static void writeTemplate(Path file, String template) throws HsmException {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, template, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "cannot write the template to " + file + ": " + e);
    }
  }

  static String readTemplate(Path file) throws HsmException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "cannot read the template " + file + ": " + e);
    }
  }
}
