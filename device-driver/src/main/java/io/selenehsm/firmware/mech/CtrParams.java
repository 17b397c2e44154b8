package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/**
 * CK_AES_CTR_PARAMS: the initial 16-byte counter block and how many of its low bits count. An empty
 * block on encryption asks the HSM to generate a random nonce with a zero 32-bit counter.
 */
public record CtrParams(int counterBits, byte[] counterBlock) implements MechanismParams {
  public CtrParams {
    counterBlock = MechanismParams.copy(counterBlock);
  }

  @Override
  public byte[] counterBlock() {
    return counterBlock.clone();
  }

  public boolean hsmGeneratesBlock() {
    return counterBlock.length == 0;
  }

  @Override
  public void validate() throws HsmException {
    if (counterBits < 1 || counterBits > 128) {
      throw MechanismParams.invalid("CTR counter bits " + counterBits + ": must be 1 to 128");
    }
    if (counterBlock.length != 0 && counterBlock.length != 16) {
      throw MechanismParams.invalid(
          "CTR counter block length " + counterBlock.length + ": must be 16 bytes (or empty)");
    }
  }
}
