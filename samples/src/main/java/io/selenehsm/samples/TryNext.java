package io.selenehsm.samples;

import io.selenehsm.device.config.ConfigLocation;
import java.io.PrintStream;

/**
 * The block the demo ends with: where its state is, the partition and its PINs, and the exact
 * commands (shell, then the getting-started program) that continue in the same SELENE_HOME.
 */
final class TryNext {
  private TryNext() {}

  static void print(PrintStream out, ConfigLocation location, PartitionSetup.Partition partition) {
    String home = location.seleneHome().toString();
    String label = partition.label();
    out.println("\n== Try next");
    out.println("  SELENE_HOME     : " + home);
    out.println("  configuration   : " + location.describe());
    out.println("  partition       : \"" + label + "\" in slot " + partition.slot());
    out.println(
        "  PINs            : Crypto Officer "
            + PartitionSetup.CO_PIN
            + ", Crypto User "
            + PartitionSetup.CU_PIN
            + ", Partition SO "
            + PartitionSetup.PO_PIN
            + ", HSM SO "
            + PartitionSetup.SO_PIN);
    out.println();
    out.println("  From the repository root, in a shell:");
    out.println("    export SELENE_HOME=" + quote(home));
    if (location.origin() == ConfigLocation.Origin.SELENE_CONF) {
      out.println(
          "    export SELENE_CONF=" + quote(location.file().map(Object::toString).orElseThrow()));
    } else {
      out.println("    unset SELENE_CONF");
    }
    out.println(
        "    ./selenecm -c \"slot list\" -c \"slot set -slot "
            + partition.slot()
            + "\" -c \"role login -name co -password "
            + PartitionSetup.CO_PIN
            + "\" -c \"partition showinfo\"");
    out.println("    JAR=\"$(ls samples/target/selene-samples-*-all.jar)\"");
    out.println("    echo \"Pay 100 EUR to Alice\" > \"$SELENE_HOME/message.txt\"");
    String args =
        quote(label)
            + " "
            + PartitionSetup.CO_PIN
            + " \"$SELENE_HOME/message.txt\" \"$SELENE_HOME/message.sig\"";
    out.println("    java -cp \"$JAR\" io.selenehsm.samples.GettingStarted sign " + args);
    out.println("    java -cp \"$JAR\" io.selenehsm.samples.GettingStarted verify " + args);
    out.println();
    out.println("  docs/getting-started.md explains each step.");
  }

  /** Single-quotes for the shell when the value needs it. */
  static String quote(String value) {
    return value.matches("[A-Za-z0-9_./:@%+=,-]+")
        ? value
        : "'" + value.replace("'", "'\\''") + "'";
  }
}
