package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/**
 * Checks and workarounds for what the providers get wrong (found by the engine vector and property
 * runs).
 */
class ProviderQuirksTest {
  private static final MechanismService SVC = TestKeys.SVC;

  @Test
  void ed25519SignatureWithAnAppendedByteIsRefused() throws Exception {
    byte[] msg = {1, 2, 3};
    byte[] sig = SVC.signer(Mechanism.of(Ckm.EDDSA), TestKeys.ED25519.getPrivate()).sign(msg);
    byte[] longer = Arrays.copyOf(sig, sig.length + 1);
    HsmException e =
        assertThrows(
            HsmException.class,
            () ->
                SVC.verifier(Mechanism.of(Ckm.EDDSA), TestKeys.ED25519.getPublic())
                    .verify(msg, longer));
    assertEquals(Ckr.SIGNATURE_LEN_RANGE, e.returnCode());
    SVC.verifier(Mechanism.of(Ckm.EDDSA), TestKeys.ED25519.getPublic()).verify(msg, sig);
  }

  @Test
  void multiPartEd25519VerifyOfTheEmptyMessageWithoutAnyUpdateWorks() throws Exception {
    byte[] sig =
        SVC.signer(Mechanism.of(Ckm.EDDSA), TestKeys.ED25519.getPrivate()).sign(new byte[0]);
    SVC.verifier(Mechanism.of(Ckm.EDDSA), TestKeys.ED25519.getPublic()).verify(sig);
    sig[0] ^= 1;
    HsmException e =
        assertThrows(
            HsmException.class,
            () -> SVC.verifier(Mechanism.of(Ckm.EDDSA), TestKeys.ED25519.getPublic()).verify(sig));
    assertEquals(Ckr.SIGNATURE_INVALID, e.returnCode());
  }

  @Test
  void keyWrapInputShorterThanTwoSemiblocksIsALengthError() throws Exception {
    for (long mech : new long[] {Ckm.AES_KEY_WRAP, Ckm.AES_KEY_WRAP_KWP}) {
      KeyWrapper w = SVC.wrapper(Mechanism.of(mech), new SecretKeySpec(new byte[16], "AES"));
      for (int len : new int[] {0, 4, 8, 15, 17}) {
        HsmException e = assertThrows(HsmException.class, () -> w.unwrap(new byte[len]));
        assertEquals(Ckr.WRAPPED_KEY_LEN_RANGE, e.returnCode(), len + " bytes");
      }
      HsmException bad = assertThrows(HsmException.class, () -> w.unwrap(new byte[24]));
      assertEquals(Ckr.WRAPPED_KEY_INVALID, bad.returnCode());
    }
  }

  @Test
  void mlDsaPublicKeyOfTheWrongLengthDoesNotDecode() throws Exception {
    SubjectPublicKeyInfo info =
        SubjectPublicKeyInfo.getInstance(TestKeys.ML_DSA_44.getPublic().getEncoded());
    byte[] raw = info.getPublicKeyData().getOctets();
    for (byte[] wrong :
        new byte[][] {Arrays.copyOf(raw, raw.length + 1), Arrays.copyOf(raw, raw.length - 1)}) {
      byte[] spki = new SubjectPublicKeyInfo(info.getAlgorithm(), wrong).getEncoded("DER");
      HsmException e =
          assertThrows(HsmException.class, () -> KeyDecoder.publicKey(Ckk.ML_DSA, spki));
      assertEquals(Ckr.KEY_TYPE_INCONSISTENT, e.returnCode());
    }
    KeyDecoder.publicKey(Ckk.ML_DSA, info.getEncoded("DER"));
  }
}
