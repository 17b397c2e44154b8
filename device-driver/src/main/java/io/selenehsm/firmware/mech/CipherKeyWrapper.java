package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Optional;

/** Key wrapping as encryption of the key bytes, with the wrap/unwrap error codes of PKCS#11. */
final class CipherKeyWrapper implements KeyWrapper {
  /** Starts a cipher operation; a checked-exception supplier. */
  @FunctionalInterface
  interface Start {
    CipherOperation get() throws HsmException;
  }

  private final Start wrapping;
  private final Start unwrapping;
  private byte[] generatedIv;

  CipherKeyWrapper(Start wrapping, Start unwrapping) {
    this.wrapping = wrapping;
    this.unwrapping = unwrapping;
  }

  @Override
  public byte[] wrap(byte[] keyMaterial) throws HsmException {
    CipherOperation op = wrapping.get();
    try {
      byte[] out = op.process(keyMaterial);
      generatedIv = op.generatedIv().orElse(null);
      return out;
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.DATA_LEN_RANGE || e.returnCode() == Ckr.DATA_INVALID) {
        throw new HsmException(
            Ckr.KEY_SIZE_RANGE,
            "key of " + keyMaterial.length + " bytes cannot be wrapped this way: " + e.detail(),
            e);
      }
      throw e;
    }
  }

  @Override
  public byte[] unwrap(byte[] wrapped) throws HsmException {
    CipherOperation op = unwrapping.get();
    try {
      return op.process(wrapped);
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.ENCRYPTED_DATA_LEN_RANGE) {
        throw new HsmException(
            Ckr.WRAPPED_KEY_LEN_RANGE,
            "wrapped key length " + wrapped.length + " does not fit: " + e.detail(),
            e);
      }
      if (e.returnCode() == Ckr.ENCRYPTED_DATA_INVALID) {
        throw new HsmException(Ckr.WRAPPED_KEY_INVALID, "wrapped key does not unwrap", e);
      }
      throw e;
    }
  }

  /** The IV the HSM generated for the last wrap (GCM with an empty IV). */
  @Override
  public Optional<byte[]> generatedIv() {
    return Optional.ofNullable(generatedIv).map(byte[]::clone);
  }
}
