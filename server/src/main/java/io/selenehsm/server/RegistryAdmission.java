package io.selenehsm.server;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.server.trust.ClientRegistry;
import io.selenehsm.server.trust.RegisteredClient;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Admits a TLS client by the registry: its registered name, and the application slots whose
 * partitions are assigned to it. A network client never reaches an admin slot, as a network HSM's
 * clients reach only their partitions.
 */
final class RegistryAdmission implements Connections.Admission {
  private final ClientRegistry registry;

  /** Partition serial by server slot id, for application slots (fixed for a slot's lifetime). */
  private final Map<Integer, String> partitionOfSlot = new HashMap<>();

  RegistryAdmission(ClientRegistry registry, DeviceManager devices) {
    this.registry = registry;
    for (Slot s : devices.slots().all()) {
      SlotInfo info = s.info();
      if (info.kind() == SlotInfo.Kind.APPLICATION && info.deviceSerial() != null) {
        partitionOfSlot.put(
            s.slotId(),
            info.deviceSerial() + String.format(Locale.ROOT, "%03d", info.partitionId()));
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
                    return partition != null && assigned.contains(partition);
                  });
            })
        .orElse(null);
  }
}
