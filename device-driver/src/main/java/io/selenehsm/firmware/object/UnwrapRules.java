package io.selenehsm.firmware.object;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/**
 * What unwrap and derive may produce: never a key weaker than its history allows.
 *
 * <p>A wrapped blob (AES-KW, CBC-PAD, OAEP) carries key material only, no attributes, so the engine
 * cannot tell whether the key inside was sensitive. It assumes it was: an unwrap template asking
 * for CKA_SENSITIVE false is refused unless the partition allows it (Selene policy 1001), so a
 * sensitive key wrapped under W cannot come back readable. A derived key inherits its base's
 * protection when derivation is a function of the base alone (hash, SP 800-108).
 */
public final class UnwrapRules {
  private UnwrapRules() {}

  /**
   * The caller's template completed with the unwrapping key's CKA_UNWRAP_TEMPLATE; an attribute
   * both give with different values is refused.
   */
  public static Attributes merge(Attributes template, Attributes unwrapTemplate, long unwrappingKey)
      throws HsmException {
    if (unwrapTemplate.size() == 0) {
      return template;
    }
    Attributes.Builder b = template.toBuilder();
    for (long type : unwrapTemplate.types()) {
      byte[] required = unwrapTemplate.get(type);
      byte[] given = template.get(type);
      if (given != null && !java.util.Arrays.equals(given, required)) {
        throw new HsmException(
            Ckr.TEMPLATE_INCONSISTENT,
            ObjectRules.name(type)
                + " contradicts the CKA_UNWRAP_TEMPLATE of unwrapping key "
                + unwrappingKey);
      }
      b.set(type, required);
    }
    return b.build();
  }

  /** Refuses an unwrap template asking for a non-sensitive key unless {@code allowed}. */
  public static void checkSensitivity(Attributes template, int policy, boolean allowed)
      throws HsmException {
    if (!template.bool(Cka.SENSITIVE, true) && !allowed) {
      throw new HsmException(
          Ckr.TEMPLATE_INCONSISTENT,
          "an unwrapped key must be sensitive:"
              + " the wrapped form does not say whether the key was (partition policy "
              + policy
              + " is 0)");
    }
  }

  /**
   * A key derived from a sensitive base stays sensitive, and one derived from a non-extractable
   * base stays non-extractable (the derived bytes are a function of the base).
   */
  public static void checkDerivedStrength(HsmObject base, Attributes template) throws HsmException {
    if (base.isSensitive() && !template.bool(Cka.SENSITIVE, true)) {
      throw new HsmException(
          Ckr.TEMPLATE_INCONSISTENT,
          "key "
              + base.handle()
              + " is sensitive;"
              + " a key derived from it must be sensitive too");
    }
    if (!base.isExtractable() && template.bool(Cka.EXTRACTABLE, false)) {
      throw new HsmException(
          Ckr.TEMPLATE_INCONSISTENT,
          "key "
              + base.handle()
              + " is not"
              + " extractable; a key derived from it cannot be extractable");
    }
  }
}
