package io.selenehsm.firmware;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.HsmException;
import org.junit.jupiter.api.BeforeEach;

/**
 * An in-memory engine with a logged-in Crypto Officer session {@link #s} on partition 1, for the
 * key-generation tests that inspect what landed in that partition.
 */
abstract class PartitionOneFixture {
  protected Hsm hsm;
  protected long s;

  @BeforeEach
  void openCryptoOfficerSession() throws HsmException {
    hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
    s = EngineFixtures.coSession(hsm, 1, 7);
  }

  /** The stored attributes of an object of partition 1. */
  protected Attributes stored(long handle) throws HsmException {
    return hsm.partition(1).objects.get(handle).attributes();
  }

  protected int objectCount() throws HsmException {
    return hsm.partition(1).objects.size();
  }
}
