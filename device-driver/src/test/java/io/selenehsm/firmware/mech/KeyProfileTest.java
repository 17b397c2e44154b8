package io.selenehsm.firmware.mech;

import static io.selenehsm.firmware.mech.TestKeys.SVC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The per-key profile the checks read, and ECDSA's two signature encodings on every curve kind. */
class KeyProfileTest {
  private static final byte[] DATA = "profiled".getBytes(StandardCharsets.US_ASCII);

  @Test
  void profileNamesTypeSizeAndCurve() {
    assertEquals(new KeyProfile(Ckk.EC, 256, "P-256"), KeyProfile.of(TestKeys.P256.getPrivate()));
    assertEquals(
        new KeyProfile(Ckk.EC, 256, "secp256k1"), KeyProfile.of(TestKeys.SECP256K1.getPublic()));
    assertEquals(
        new KeyProfile(Ckk.EC, 256, KeyProfile.OTHER_CURVE),
        KeyProfile.of(TestKeys.BRAINPOOL_256.getPublic()));
    assertEquals(new KeyProfile(Ckk.RSA, 2048, null), KeyProfile.of(TestKeys.RSA_2048.getPublic()));
    assertEquals(
        new KeyProfile(Ckk.EC_EDWARDS, 255, null), KeyProfile.of(TestKeys.ED25519.getPrivate()));
    assertEquals(
        new KeyProfile(Ckk.AES, 256, null), KeyProfile.of(new SecretKeySpec(new byte[32], "AES")));
    assertNull(KeyProfile.of(new SecretKeySpec(new byte[16], "HmacSHA256")).curve());
  }

  @Test
  void aProfileThatDisagreesWithTheMechanismIsRefused() {
    // The cached profile is what the check reads: a DES3 profile on an HMAC mechanism is
    // refused. (HMAC takes AES keys as well as generic secrets, as the vendor's HSM does.)
    HsmException e =
        assertThrows(
            HsmException.class,
            () ->
                SVC.signer(
                    Mechanism.of(Ckm.SHA256_HMAC),
                    new SecretKeySpec(new byte[32], "HmacSHA256"),
                    new KeyProfile(Ckk.DES3, 192, null)));
    assertEquals(Ckr.KEY_TYPE_INCONSISTENT, e.returnCode());
  }

  @Test
  void ecdsaRawAndDerSignaturesVerifyElsewhereOnEveryCurveKind() throws Exception {
    for (KeyPair kp : new KeyPair[] {TestKeys.P256, TestKeys.BRAINPOOL_256, TestKeys.SECP256K1}) {
      byte[] raw = SVC.signer(Mechanism.of(Ckm.ECDSA_SHA256), kp.getPrivate()).sign(DATA);
      assertEquals(64, raw.length, "raw r||s on " + KeyProfile.of(kp.getPublic()).curve());
      byte[] der = DerSignatures.fromP1363(raw, 32);
      Signature bc = Signature.getInstance("SHA256withECDSA", Primitives.BC);
      bc.initVerify(kp.getPublic());
      bc.update(DATA);
      assertTrue(bc.verify(der), "BC verifies the raw signature's DER form");
      // Both encodings verify through the layer; DER from the layer is canonical DER.
      SVC.verifier(Mechanism.of(Ckm.ECDSA_SHA256), kp.getPublic()).verify(DATA, raw);
      SVC.verifier(Mechanism.of(Ckm.ECDSA_SHA256, SignatureFormatParams.DER), kp.getPublic())
          .verify(DATA, der);
      byte[] derSig =
          SVC.signer(Mechanism.of(Ckm.ECDSA_SHA256, SignatureFormatParams.DER), kp.getPrivate())
              .sign(DATA);
      DerSignatures.parse(derSig);
    }
  }

  @Test
  void rawEcdsaSignaturesOfTheWrongLengthOrAlteredAreRefused() throws Exception {
    byte[] raw = SVC.signer(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.P256.getPrivate()).sign(DATA);
    byte[] longer = java.util.Arrays.copyOf(raw, 65);
    HsmException e =
        assertThrows(
            HsmException.class,
            () ->
                SVC.verifier(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.P256.getPublic())
                    .verify(DATA, longer));
    assertEquals(Ckr.SIGNATURE_LEN_RANGE, e.returnCode());
    byte[] zeroS = raw.clone();
    java.util.Arrays.fill(zeroS, 32, 64, (byte) 0);
    e =
        assertThrows(
            HsmException.class,
            () ->
                SVC.verifier(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.P256.getPublic())
                    .verify(DATA, zeroS));
    assertEquals(Ckr.SIGNATURE_INVALID, e.returnCode());
  }
}
