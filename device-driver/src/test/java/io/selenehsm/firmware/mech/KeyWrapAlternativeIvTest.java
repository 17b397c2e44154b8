package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.Key;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * AES key wrap with a caller's initial value: RFC 3394 section 2.2.3.2 (an 8-byte alternative IV)
 * and RFC 5649 section 3 (the 4-byte leading half of the alternative IV), checked against the JDK's
 * KW/KWP, which implements both.
 */
class KeyWrapAlternativeIvTest {
  private static final MechanismService SVC = TestKeys.SVC;
  private static final Key KEK = new SecretKeySpec(hex("000102030405060708090a0b0c0d0e0f"), "AES");
  private static final byte[] KEY_DATA = hex("00112233445566778899aabbccddeeff0001020304050607");

  @Test
  void kwWithAnAlternativeIvMatchesTheJdkAndChecksTheIvOnUnwrap() throws Exception {
    byte[] iv = hex("0123456789abcdef");
    byte[] ours = SVC.wrapper(Mechanism.of(Ckm.AES_KEY_WRAP, new IvParams(iv)), KEK).wrap(KEY_DATA);
    assertArrayEquals(jdk("AES/KW/NoPadding", iv), ours);
    byte[] standard = SVC.wrapper(Mechanism.of(Ckm.AES_KEY_WRAP), KEK).wrap(KEY_DATA);
    assertFalse(Arrays.equals(standard, ours), "the IV must change the wrapped blob");
    assertArrayEquals(
        KEY_DATA, SVC.wrapper(Mechanism.of(Ckm.AES_KEY_WRAP, new IvParams(iv)), KEK).unwrap(ours));
    HsmException wrongIv =
        assertThrows(
            HsmException.class,
            () -> SVC.wrapper(Mechanism.of(Ckm.AES_KEY_WRAP), KEK).unwrap(ours));
    assertEquals(Ckr.WRAPPED_KEY_INVALID, wrongIv.returnCode(), wrongIv.getMessage());
  }

  @Test
  void kwpWithAnAlternativeIvMatchesTheJdk() throws Exception {
    byte[] iv = hex("a1b2c3d4");
    byte[] odd = Arrays.copyOf(KEY_DATA, 20);
    byte[] ours = SVC.wrapper(Mechanism.of(Ckm.AES_KEY_WRAP_KWP, new IvParams(iv)), KEK).wrap(odd);
    // The JDK's KWP takes no alternative value from JDK 21 on; RFC 5649 section 4.1 defines
    // the result as the JDK's KW (RFC 3394) over IV || 32-bit length, and the zero-padded data.
    Cipher c = Cipher.getInstance("AES/KW/NoPadding", "SunJCE");
    byte[] aiv = Arrays.copyOf(iv, 8);
    aiv[7] = (byte) odd.length;
    c.init(Cipher.ENCRYPT_MODE, KEK, new IvParameterSpec(aiv));
    assertArrayEquals(c.doFinal(Arrays.copyOf(odd, 24)), ours);
    assertArrayEquals(
        odd, SVC.wrapper(Mechanism.of(Ckm.AES_KEY_WRAP_KWP, new IvParams(iv)), KEK).unwrap(ours));
    byte[] encrypted =
        SVC.encryptor(Mechanism.of(Ckm.AES_KEY_WRAP_KWP, new IvParams(iv)), KEK).process(odd);
    assertArrayEquals(ours, encrypted, "encrypt and wrap agree");
  }

  @Test
  void ivLengthsOtherThanTheRfcsAreRefused() {
    for (long mech : new long[] {Ckm.AES_KEY_WRAP, Ckm.AES_KEY_WRAP_KWP}) {
      byte[] wrong = new byte[mech == Ckm.AES_KEY_WRAP ? 4 : 8];
      HsmException e =
          assertThrows(
              HsmException.class,
              () -> SVC.wrapper(Mechanism.of(mech, new IvParams(wrong)), KEK).wrap(KEY_DATA));
      assertEquals(Ckr.MECHANISM_PARAM_INVALID, e.returnCode(), e.getMessage());
    }
  }

  private static byte[] jdk(String transformation, byte[] iv) throws Exception {
    Cipher c = Cipher.getInstance(transformation, "SunJCE");
    c.init(Cipher.ENCRYPT_MODE, KEK, new IvParameterSpec(iv));
    return c.doFinal(KEY_DATA);
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
