package io.selenehsm.server;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.SlotTable;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.RegisteredClient;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Admits a TLS client by the registry: its registered name, and the application slots whose
 * partitions are assigned to it. A network client reaches no admin slot, as a network HSM's clients
 * reach only their partitions, with one exception: the admin slots of the Backup HSMs the server
 * offers for remote backup (section {@code RBS}, {@code Available}), which every registered client
 * reaches, as every client of the vendor's Remote Backup Service reaches its Backup HSMs. Their HSM
 * SO password still guards them.
 */
final class RegistryAdmission implements Connections.Admission {
  private final ClientRegistry registry;

  /** Partition serial by server slot id, for application slots (fixed for a slot's lifetime). */
  private final Map<Integer, String> partitionOfSlot = new HashMap<>();

  /** Admin slot ids of the Backup HSMs offered for remote backup. */
  private final Set<Integer> backupSlots = new HashSet<>();

  RegistryAdmission(ClientRegistry registry, DeviceManager devices, Set<String> backupHsms) {
    this.registry = registry;
    for (Slot s : devices.slots().all()) {
      SlotInfo info = s.info();
      if (info.kind() == SlotInfo.Kind.APPLICATION && info.deviceSerial() != null) {
        partitionOfSlot.put(
            s.slotId(), SlotTable.partitionSerial(info.deviceSerial(), info.partitionId()));
      } else if (info.kind() == SlotInfo.Kind.ADMIN
          && HsmModel.BACKUP_HSM_7.displayName().equals(info.model())
          && backupHsms.contains(info.deviceSerial())) {
        backupSlots.add(s.slotId());
      }
    }
  }

  @Override
  public Connections.Admitted admit(X509Certificate peer) {
    if (registry == null) {
      return null;
    }
    Optional<RegisteredClient> registered;
    try {
      registered = registry.byCertificate(peer);
    } catch (IOException e) {
      // A registry that cannot be read admits nobody.
      return null;
    }
    return registered
        .map(
            c -> {
              Set<String> assigned = Set.copyOf(c.partitions());
              return new Connections.Admitted(
                  c.name(),
                  slot -> {
                    String partition = partitionOfSlot.get(slot);
                    return partition != null && assigned.contains(partition)
                        || backupSlots.contains(slot);
                  });
            })
        .orElse(null);
  }
}
