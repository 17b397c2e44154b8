package io.selenehsm.cm;

import io.selenehsm.firmware.lifecycle.AdminAction;
import io.selenehsm.firmware.lifecycle.AdminAction.Fate;
import io.selenehsm.firmware.lifecycle.PartitionAction;
import java.util.ArrayList;
import java.util.List;

/**
 * What a destructive command will destroy, read from the engine's own action tables so the warning
 * can never disagree with what happens.
 */
final class Consequences {
  private Consequences() {}

  static List<String> of(AdminAction action, int partitions) {
    List<String> lines = new ArrayList<>();
    part(
        lines,
        action.partitions(),
        partitions
            + " application partition(s), with their"
            + " Partition SO, roles and objects, are destroyed",
        null);
    part(lines, action.hsmSo(), "the HSM SO and its password are destroyed", null);
    part(lines, action.domain(), "the HSM cloning domain is destroyed", null);
    part(lines, action.auditor(), "the Auditor role is destroyed", null);
    part(lines, action.rpv(), "the remote PED vector is destroyed", null);
    part(
        lines,
        action.hsmPolicies(),
        "the HSM policies are destroyed",
        "the HSM policies return to their factory defaults");
    if (action.destroysKek()) {
      lines.add(
          "the device key that encrypts stored data is destroyed: nothing stored before"
              + " can be read again");
    }
    return lines;
  }

  static List<String> of(PartitionAction action, String partition, long objects) {
    List<String> lines = new ArrayList<>();
    if (action.destroysRoles()) {
      lines.add(
          "the Partition SO, Crypto Officer, Crypto User and Limited Crypto Officer of "
              + partition
              + " are destroyed");
    }
    if (action.destroysContents()) {
      lines.add("the " + objects + " object(s) in " + partition + " are destroyed");
    }
    return lines;
  }

  private static void part(List<String> lines, Fate fate, String destroyed, String reset) {
    if (fate == Fate.DESTROYED) {
      lines.add(destroyed);
    } else if (fate == Fate.RESET && reset != null) {
      lines.add(reset);
    }
  }
}
