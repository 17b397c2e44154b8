package io.selenehsm.server.trust;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A client registered with a server: its name, the host name its operator gave, the SHA-256
 * fingerprint of its certificate ({@link Fingerprints}) and the serials of the partitions assigned
 * to it (sorted; the client sees only these).
 */
public record RegisteredClient(
    String name, String hostname, String fingerprint, Set<String> partitions) {
  public RegisteredClient {
    partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
  }

  /** Whether the partition with this serial is assigned to the client. */
  public boolean isAssigned(String partitionSerial) {
    return partitions.contains(partitionSerial);
  }
}
