package io.selenehsm.firmware.store;

/** The in-memory store meets the same contract as the durable one. */
class MemoryFlashStoreTest extends FlashStoreContractTest {
  @Override
  protected FlashStore newStore() {
    return FlashStores.inMemory();
  }
}
