package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Set;

/**
 * FIPS mode (HSM policy 12 "Allow non-FIPS algorithms" = 0): refuses what FIPS 140-3 with SP
 * 800-131A rev 2 does not approve. Refusals name the rule; nothing is silently downgraded.
 */
public final class FipsPolicy {
  private static final Set<Long> SHA1_SIGNATURES =
      Set.of(
          Ckm.SHA1_RSA_PKCS,
          Ckm.SHA1_RSA_PKCS_PSS,
          Ckm.ECDSA_SHA1,
          Ckm.DSA_SHA1,
          Ckm.SHA1_RSA_X9_31);

  /**
   * Non-approved signature schemes whose existing signatures may still be verified (FIPS 186-5).
   */
  private static final Set<Family> LEGACY_VERIFY = Set.of(Family.DSA, Family.RSA_X931);

  private final boolean enforcing;

  private FipsPolicy(boolean enforcing) {
    this.enforcing = enforcing;
  }

  public static FipsPolicy enforcing() {
    return new FipsPolicy(true);
  }

  public static FipsPolicy permissive() {
    return new FipsPolicy(false);
  }

  /** From HSM policy 12: 0 (non-FIPS algorithms not allowed) means FIPS mode. */
  public static FipsPolicy fromHsmPolicy12(long value) {
    return new FipsPolicy(value == 0);
  }

  public boolean isEnforcing() {
    return enforcing;
  }

  /**
   * Checks one use of a mechanism. {@code keyBits} is the key size as MechanismInfo counts it (-1
   * when unknown or not applicable); {@code curve} the EC curve name or null.
   */
  public void check(long mechanism, Operation op, int keyBits, MechanismParams params, String curve)
      throws HsmException {
    if (!enforcing) {
      return;
    }
    MechanismSpec spec = MechanismRegistry.unchecked().spec(mechanism);
    check(spec, op, keyBits, params, curve);
  }

  void check(MechanismSpec spec, Operation op, int keyBits, MechanismParams params, String curve)
      throws HsmException {
    if (!enforcing) {
      return;
    }
    MechanismInfo info = spec.info();
    String name = info.name();
    if (info.keyType() == Ckk.DES3) {
      if (op == Operation.DECRYPT || op == Operation.UNWRAP || op == Operation.VERIFY) {
        return;
      }
      throw refuse(
          Ckr.MECHANISM_INVALID,
          name
              + " "
              + lower(op)
              + ": Triple-DES may only decrypt, unwrap or verify legacy data (SP 800-131A r2)");
    }
    if (!info.fipsApproved()
        && !(op == Operation.VERIFY && LEGACY_VERIFY.contains(spec.family()))) {
      throw refuse(
          Ckr.MECHANISM_INVALID,
          name
              + " is not a FIPS-approved mechanism"
              + (LEGACY_VERIFY.contains(spec.family())
                  ? " (verification of legacy signatures only)"
                  : ""));
    }
    boolean sha1Pss = params instanceof PssParams p && p.hash() == Hash.SHA1;
    if (op == Operation.SIGN && (SHA1_SIGNATURES.contains(info.id()) || sha1Pss)) {
      throw refuse(
          Ckr.MECHANISM_INVALID,
          name
              + ": SHA-1 signature generation is disallowed (SP 800-131A r2); verification is"
              + " allowed");
    }
    if (info.keyType() == Ckk.RSA
        && keyBits >= 0
        && keyBits < 2048
        && (op == Operation.SIGN || op == Operation.GENERATE_KEY_PAIR)) {
      throw refuse(
          Ckr.KEY_SIZE_RANGE,
          name
              + " with a "
              + keyBits
              + "-bit RSA key: signing and key generation need at least 2048 bits");
    }
    if (info.id() == Ckm.RSA_PKCS && (op == Operation.ENCRYPT || op == Operation.WRAP)) {
      throw refuse(
          Ckr.MECHANISM_INVALID,
          "CKM_RSA_PKCS "
              + lower(op)
              + ": PKCS#1 v1.5 key transport is disallowed (SP 800-131A r2); use OAEP");
    }
    if (params instanceof GcmParams g
        && !g.hsmGeneratesIv()
        && (op == Operation.ENCRYPT || op == Operation.WRAP)) {
      throw refuse(
          Ckr.MECHANISM_INVALID,
          name
              + " "
              + lower(op)
              + ": caller-supplied GCM IVs are refused (SP 800-38D §8.2); pass an empty IV and the"
              + " HSM generates it");
    }
    if (spec.family() == Family.HMAC && op == Operation.SIGN && keyBits >= 0 && keyBits < 112) {
      throw refuse(
          Ckr.KEY_SIZE_RANGE,
          name
              + " with a "
              + keyBits
              + "-bit key: HMAC generation needs at least 112 bits (SP 800-131A r2)");
    }
    if ("secp256k1".equals(curve) && op != Operation.VERIFY) {
      throw refuse(
          Ckr.MECHANISM_INVALID, name + " on secp256k1: not a FIPS-approved curve (SP 800-186)");
    }
  }

  private static String lower(Operation op) {
    return op.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  private static HsmException refuse(long code, String message) {
    return new HsmException(code, "FIPS mode: " + message);
  }
}
