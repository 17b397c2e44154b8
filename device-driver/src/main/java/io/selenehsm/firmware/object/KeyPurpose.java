package io.selenehsm.firmware.object;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/**
 * Key separation for secret and private keys: a key either encrypts/decrypts data or wraps/unwraps
 * keys, never both, unless the partition allows dual-purpose keys and the caller asked for one
 * explicitly. A key made with the default template (both kinds true, neither asked for) is
 * uncommitted; its first use clears the other kind. PKCS#11 lets usage attributes go from true to
 * false, so the commit is an ordinary attribute change, made durable before the operation runs.
 *
 * <p>Why: a key that wraps and decrypts lets a caller wrap a sensitive key and decrypt the result
 * (and one that encrypts and unwraps lets a caller import chosen key bytes), the classic
 * key-management attacks on PKCS#11 tokens. JCA applications cannot say at {@code KeyGenerator}
 * time which use they intend; the first use says it for them.
 */
public final class KeyPurpose {
  private KeyPurpose() {}

  public static boolean isDataUse(long usage) {
    return usage == Cka.ENCRYPT || usage == Cka.DECRYPT;
  }

  public static boolean isKeyUse(long usage) {
    return usage == Cka.WRAP || usage == Cka.UNWRAP;
  }

  /** True when the set lets the key both encrypt/decrypt data and wrap/unwrap keys. */
  public static boolean isDual(Attributes a) {
    return (a.bool(Cka.ENCRYPT, false) || a.bool(Cka.DECRYPT, false))
        && (a.bool(Cka.WRAP, false) || a.bool(Cka.UNWRAP, false));
  }

  /** True when a caller's template sets a data usage and a key usage to true explicitly. */
  public static boolean asksForBoth(Attributes template) {
    return isDual(template);
  }

  /**
   * Completes a new secret key's attributes: a template asking for both kinds is refused unless
   * {@code dualAllowed}, in which case the key is marked dual-purpose; otherwise the attributes
   * pass unchanged (uncommitted when the defaults gave both kinds).
   */
  public static Attributes forNewKey(
      Attributes callerTemplate, Attributes complete, boolean dualAllowed) throws HsmException {
    long cls = complete.ulong(Cka.CLASS, -1);
    if ((cls != Cko.SECRET_KEY && cls != Cko.PRIVATE_KEY) || !asksForBoth(callerTemplate)) {
      return complete;
    }
    if (cls == Cko.PRIVATE_KEY && !dualAllowed) {
      // PKCS#11 and JCA give RSA private keys DECRYPT and UNWRAP together by default; such a
      // key stays uncommitted and its first use (or a wrap under its public half) decides.
      return complete;
    }
    if (!dualAllowed) {
      throw new HsmException(
          Ckr.TEMPLATE_INCONSISTENT,
          "a secret key may not both"
              + " encrypt/decrypt data and wrap/unwrap keys (partition policy "
              + io.selenehsm.firmware.policy.PartitionPolicies.DUAL_PURPOSE_KEYS
              + " is 0)");
    }
    return complete.toBuilder().set(Cka.DUAL_PURPOSE, true).build();
  }

  /**
   * Checks a change (set or copy) of an existing key: it may not turn a committed key back into one
   * with both kinds of usage unless {@code dualAllowed} (then it becomes dual-purpose).
   */
  public static Attributes forChange(HsmObject before, Attributes after, boolean dualAllowed)
      throws HsmException {
    if ((before.objectClass() != Cko.SECRET_KEY && before.objectClass() != Cko.PRIVATE_KEY)
        || !isDual(after)
        || isDual(before.attributes())) {
      return after;
    }
    if (!dualAllowed) {
      throw new HsmException(
          Ckr.ATTRIBUTE_VALUE_INVALID,
          "key "
              + before.handle()
              + " is"
              + " committed to "
              + (before.allows(Cka.WRAP) || before.allows(Cka.UNWRAP)
                  ? "wrapping keys"
                  : "encrypting data")
              + "; it cannot take the other kind of usage"
              + " (partition policy "
              + io.selenehsm.firmware.policy.PartitionPolicies.DUAL_PURPOSE_KEYS
              + " is 0)");
    }
    return after.toBuilder().set(Cka.DUAL_PURPOSE, true).build();
  }

  /** The attributes of an uncommitted key after its first use for {@code usage}. */
  public static Attributes commit(Attributes a, long usage) {
    Attributes.Builder b = a.toBuilder();
    if (isKeyUse(usage)) {
      b.set(Cka.ENCRYPT, false).set(Cka.DECRYPT, false);
    } else {
      b.set(Cka.WRAP, false).set(Cka.UNWRAP, false);
    }
    return b.build();
  }
}
