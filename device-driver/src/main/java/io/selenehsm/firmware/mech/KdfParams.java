package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;
import java.util.Set;

/**
 * NIST SP 800-108 counter-mode KDF parameters (the common case of CK_SP800_108_KDF_PARAMS): the PRF
 * mechanism ({@code CKM_SHA*_HMAC} or {@code CKM_AES_CMAC}), and the fixed input data {@code [i]_32
 * || label || 0x00 || context || [L]_32} built from label and context.
 */
public record KdfParams(long prfMechanism, byte[] label, byte[] context)
    implements MechanismParams {
  static final Set<Long> PRFS =
      Set.of(
          Ckm.SHA_1_HMAC,
          Ckm.SHA224_HMAC,
          Ckm.SHA256_HMAC,
          Ckm.SHA384_HMAC,
          Ckm.SHA512_HMAC,
          Ckm.SHA3_224_HMAC,
          Ckm.SHA3_256_HMAC,
          Ckm.SHA3_384_HMAC,
          Ckm.SHA3_512_HMAC,
          Ckm.AES_CMAC);

  public KdfParams {
    label = MechanismParams.copy(label);
    context = MechanismParams.copy(context);
  }

  @Override
  public byte[] label() {
    return label.clone();
  }

  @Override
  public byte[] context() {
    return context.clone();
  }

  @Override
  public void validate() throws HsmException {
    if (!PRFS.contains(prfMechanism)) {
      throw MechanismParams.invalid(
          String.format(
              "SP 800-108 PRF 0x%x: must be an HMAC mechanism or CKM_AES_CMAC", prfMechanism));
    }
  }
}
