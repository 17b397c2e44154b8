package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;

/**
 * Wraps key material under the wrapping key it was created with, and unwraps to key bytes (raw
 * value for secret keys, PKCS#8 for private keys). The engine checks CKA_EXTRACTABLE,
 * CKA_WRAP/CKA_UNWRAP and the unwrap template before and after calling this.
 */
public interface KeyWrapper {
  byte[] wrap(byte[] keyMaterial) throws HsmException;

  /** Wraps a key's encoding; CKR_KEY_UNEXTRACTABLE when the key has none. */
  default byte[] wrap(Key key) throws HsmException {
    byte[] encoded = key == null ? null : key.getEncoded();
    if (encoded == null) {
      throw new HsmException(
          io.selenehsm.firmware.rc.Ckr.KEY_UNEXTRACTABLE,
          "the key to wrap has no encoding (" + (key == null ? "null" : key.getAlgorithm()) + ")");
    }
    return wrap(encoded);
  }

  /** CKR_WRAPPED_KEY_INVALID or CKR_WRAPPED_KEY_LEN_RANGE when the blob does not unwrap. */
  byte[] unwrap(byte[] wrapped) throws HsmException;

  /** The IV the HSM generated for the last wrap (AES-GCM with an empty IV), else empty. */
  java.util.Optional<byte[]> generatedIv();
}
