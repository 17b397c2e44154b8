package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.object.Ckk;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * CK_MECHANISM_INFO plus what the engine needs to check a call: the key type the mechanism takes
 * ({@code -1} when it takes none, e.g. digests), key size bounds in bits (for every key type,
 * unlike PKCS#11's bytes for symmetric keys), the operations it supports and whether it is
 * FIPS-approved.
 */
public record MechanismInfo(
    long id,
    String name,
    long keyType,
    int minKeyBits,
    int maxKeyBits,
    Set<Operation> operations,
    boolean fipsApproved) {

  public MechanismInfo {
    operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
  }

  public boolean supports(Operation op) {
    return operations.contains(op);
  }

  /**
   * Whether a key of CKK_* {@code type} serves this mechanism: its own key type, and for HMAC,
   * which takes any secret bytes as its key (RFC 2104), AES keys as well: the vendor's HSM keys
   * HMAC with them.
   */
  public boolean acceptsKeyType(long type) {
    return type == keyType
        || (type == Ckk.AES && keyType == Ckk.GENERIC_SECRET && name.contains("_HMAC"));
  }
}
