package io.selenehsm.firmware.attack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Key separation as an invariant: whatever an application does with a key generated with the
 * default template, in any order (data use, key use, attribute changes, copies), the key never
 * serves both data and keys, and every refusal carries one of the codes the rules name.
 */
class KeyPurposeProperties {
  private static final Set<Long> REFUSALS =
      Set.of(Ckr.KEY_FUNCTION_NOT_PERMITTED, Ckr.ATTRIBUTE_VALUE_INVALID);

  enum Step {
    ENCRYPT,
    DECRYPT,
    WRAP,
    UNWRAP,
    SET_ENCRYPT,
    SET_WRAP,
    COPY_WITH_DECRYPT,
    COPY_WITH_UNWRAP
  }

  @Property(tries = 40)
  void aDefaultKeyNeverServesBothDataAndKeys(@ForAll @Size(min = 1, max = 8) List<Step> steps)
      throws Exception {
    AttackBench b = AttackBench.open();
    long w = b.defaultAes();
    long k = b.sensitiveExtractable(16);
    byte[] wrapped = null;
    boolean data = false;
    boolean keys = false;
    for (Step step : steps) {
      try {
        switch (step) {
          case ENCRYPT -> b.crypto.encrypt(b.co, AttackBench.ecb(), w, new byte[16]);
          case DECRYPT -> b.crypto.decrypt(b.co, AttackBench.ecb(), w, new byte[16]);
          case WRAP -> wrapped = b.crypto.wrapKey(b.co, AttackBench.kw(), w, k);
          case UNWRAP ->
              b.crypto.unwrapKey(
                  b.co,
                  AttackBench.kw(),
                  w,
                  wrapped != null ? wrapped : new byte[24],
                  AttackBench.secretTemplate(Ckk.AES).build());
          case SET_ENCRYPT -> b.hsm.setAttributes(b.co, w, set(Cka.ENCRYPT));
          case SET_WRAP -> b.hsm.setAttributes(b.co, w, set(Cka.WRAP));
          case COPY_WITH_DECRYPT -> w = b.hsm.copyObject(b.co, w, set(Cka.DECRYPT));
          case COPY_WITH_UNWRAP -> w = b.hsm.copyObject(b.co, w, set(Cka.UNWRAP));
          default -> throw new AssertionError(step);
        }
        data |= step == Step.ENCRYPT || step == Step.DECRYPT;
        keys |= step == Step.WRAP || step == Step.UNWRAP;
      } catch (HsmException e) {
        // An unwrap of bytes that were never wrapped fails on the blob, not on the rule.
        boolean badBlob =
            step == Step.UNWRAP && wrapped == null && e.returnCode() == Ckr.WRAPPED_KEY_INVALID;
        assertTrue(badBlob || REFUSALS.contains(e.returnCode()), step + ": " + e.getMessage());
        keys |= badBlob;
      }
      assertFalse(data && keys, "the key served data and keys: " + steps);
    }
    b.hsm.close();
  }

  private static Attributes set(long usage) {
    return Attributes.builder().set(usage, true).build();
  }
}
