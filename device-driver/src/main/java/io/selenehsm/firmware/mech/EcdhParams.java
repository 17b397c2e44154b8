package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/**
 * CK_ECDH1_DERIVE_PARAMS: the KDF applied to the shared secret Z ({@link Kdf#NULL} returns Z),
 * optional shared info for the KDF, and the other party's public value (an EC point, uncompressed
 * or compressed, optionally DER-wrapped as an OCTET STRING; or the raw u-coordinate for
 * X25519/X448).
 */
public record EcdhParams(Kdf kdf, byte[] sharedData, byte[] publicData) implements MechanismParams {
  /** CKD_* key derivation functions: NULL or ANSI X9.63 KDF with the given hash. */
  public enum Kdf {
    NULL(null),
    SHA1(Hash.SHA1),
    SHA224(Hash.SHA224),
    SHA256(Hash.SHA256),
    SHA384(Hash.SHA384),
    SHA512(Hash.SHA512);

    private final Hash hash;

    Kdf(Hash hash) {
      this.hash = hash;
    }

    public Hash hash() {
      return hash;
    }
  }

  public EcdhParams {
    sharedData = MechanismParams.copy(sharedData);
    publicData = MechanismParams.copy(publicData);
  }

  @Override
  public byte[] sharedData() {
    return sharedData.clone();
  }

  @Override
  public byte[] publicData() {
    return publicData.clone();
  }

  @Override
  public void validate() throws HsmException {
    if (kdf == null) {
      throw MechanismParams.invalid("ECDH KDF must be given (use Kdf.NULL for the raw secret)");
    }
    if (kdf == Kdf.NULL && sharedData.length != 0) {
      throw MechanismParams.invalid("ECDH with CKD_NULL takes no shared data");
    }
    if (publicData.length == 0) {
      throw MechanismParams.invalid("ECDH public data must not be empty");
    }
  }
}
