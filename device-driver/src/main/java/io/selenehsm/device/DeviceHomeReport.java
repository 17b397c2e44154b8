package io.selenehsm.device;

import io.selenehsm.device.config.DeviceDeclaration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What opening durable devices under a SELENE_HOME must say out loud, so that a configuration that
 * does not match the state on disk is seen at once rather than discovered as an empty HSM: a
 * declared device that has no state yet is created, with a notice naming it, its directory and the
 * configuration that declares it; device directories under {@code devices/} that the configuration
 * does not declare are named in a warning (they are left alone, not opened).
 */
final class DeviceHomeReport {
  static final String DEVICES_DIR = "devices";

  private DeviceHomeReport() {}

  /** Where a declared device keeps its state under {@code home}. */
  static Path stateDir(Path home, DeviceDeclaration decl) {
    return decl.home().map(home::resolve).orElse(home.resolve(DEVICES_DIR).resolve(decl.serial()));
  }

  /** The notices for opening {@code declarations} from {@code source} under {@code home}. */
  static List<String> notices(Path home, List<DeviceDeclaration> declarations, String source) {
    List<String> notices = new ArrayList<>();
    for (DeviceDeclaration decl : declarations) {
      Path dir = stateDir(home, decl);
      if (!Files.isDirectory(dir)) {
        notices.add(
            "creating new device "
                + decl.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " "
                + decl.serial()
                + " in "
                + dir
                + " (declared by "
                + source
                + "; it starts "
                + (decl.factoryZeroized() ? "zeroized" : "in Secure Transport Mode")
                + ")");
      }
    }
    Set<Path> declared =
        declarations.stream().map(d -> stateDir(home, d).normalize()).collect(Collectors.toSet());
    Set<String> undeclared = new TreeSet<>();
    Path devices = home.resolve(DEVICES_DIR);
    if (Files.isDirectory(devices)) {
      try (Stream<Path> entries = Files.list(devices)) {
        entries
            .filter(Files::isDirectory)
            .filter(p -> !declared.contains(p.normalize()))
            .forEach(p -> undeclared.add(p.getFileName().toString()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + devices, e);
      }
    }
    if (!undeclared.isEmpty()) {
      notices.add(
          "warning: "
              + home
              + " holds devices that "
              + source
              + " does not declare: "
              + String.join(", ", undeclared)
              + " (not opened; declare them in the configuration"
              + " in use, or point SELENE_HOME elsewhere)");
    }
    return notices;
  }
}
