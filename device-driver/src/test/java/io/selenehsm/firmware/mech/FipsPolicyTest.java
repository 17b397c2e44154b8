package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.math.BigInteger;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FipsPolicyTest {
  private static final MechanismService FIPS =
      new MechanismService(
          MechanismRegistry.unchecked(), FipsPolicy.fromHsmPolicy12(0), Drbg.hmacSha512());
  private static final MechanismService OPEN = TestKeys.SVC;
  private static final byte[] DATA = "data".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static void refused(long code, String rule, Executable call) {
    HsmException e = assertThrows(HsmException.class, call);
    assertEquals(code, e.returnCode(), e.getMessage());
    assertTrue(
        e.getMessage().contains("FIPS mode") && e.getMessage().contains(rule), e.getMessage());
  }

  @Test
  void rsaBelow2048RefusedForSigningAndKeyGenerationButVerifies() throws Exception {
    Mechanism m = Mechanism.of(Ckm.SHA256_RSA_PKCS);
    refused(
        Ckr.KEY_SIZE_RANGE, "at least 2048", () -> FIPS.signer(m, TestKeys.RSA_1024.getPrivate()));
    refused(
        Ckr.KEY_SIZE_RANGE,
        "at least 2048",
        () ->
            FIPS.keyGenerators()
                .generateKeyPair(
                    Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
                    new KeyPairSpec.Rsa(1024, KeyPairSpec.Rsa.F4)));
    byte[] sig = OPEN.signer(m, TestKeys.RSA_1024.getPrivate()).sign(DATA);
    assertDoesNotThrow(() -> FIPS.verifier(m, TestKeys.RSA_1024.getPublic()).verify(DATA, sig));
  }

  @Test
  void smallPublicExponentRefused() {
    HsmException e =
        assertThrows(
            HsmException.class,
            () ->
                FIPS.keyGenerators()
                    .generateKeyPair(
                        Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
                        new KeyPairSpec.Rsa(2048, BigInteger.valueOf(3))));
    assertTrue(e.getMessage().contains("65537"), e.getMessage());
  }

  @Test
  void tripleDesEncryptionRefusedDecryptionAllowed() throws Exception {
    var key = new SecretKeySpec(new byte[24], "DESede");
    Mechanism m = Mechanism.of(Ckm.DES3_CBC_PAD, new IvParams(new byte[8]));
    refused(Ckr.MECHANISM_INVALID, "Triple-DES", () -> FIPS.encryptor(m, key));
    refused(
        Ckr.MECHANISM_INVALID,
        "Triple-DES",
        () -> FIPS.keyGenerators().generateKey(Mechanism.of(Ckm.DES3_KEY_GEN), 192));
    byte[] ct = OPEN.encryptor(m, key).process(DATA);
    assertArrayEquals(DATA, FIPS.decryptor(m, key).process(ct));
  }

  @Test
  void sha1SigningRefusedVerificationAllowed() throws Exception {
    for (long id : new long[] {Ckm.SHA1_RSA_PKCS, Ckm.ECDSA_SHA1}) {
      var kp = id == Ckm.ECDSA_SHA1 ? TestKeys.P256 : TestKeys.RSA_2048;
      Mechanism m = Mechanism.of(id);
      refused(Ckr.MECHANISM_INVALID, "SHA-1", () -> FIPS.signer(m, kp.getPrivate()));
      byte[] sig = OPEN.signer(m, kp.getPrivate()).sign(DATA);
      assertDoesNotThrow(() -> FIPS.verifier(m, kp.getPublic()).verify(DATA, sig));
    }
    Mechanism pss = Mechanism.of(Ckm.RSA_PKCS_PSS, new PssParams(Hash.SHA1, Hash.SHA1, 20));
    refused(Ckr.MECHANISM_INVALID, "SHA-1", () -> FIPS.signer(pss, TestKeys.RSA_2048.getPrivate()));
  }

  @Test
  void callerSuppliedGcmIvRefusedGeneratedIvReturned() throws Exception {
    var key = new SecretKeySpec(new byte[32], "AES");
    refused(
        Ckr.MECHANISM_INVALID,
        "GCM IV",
        () ->
            FIPS.encryptor(Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], null, 128)), key));
    CipherOperation enc =
        FIPS.encryptor(Mechanism.of(Ckm.AES_GCM, GcmParams.generatedIv(DATA, 128)), key);
    byte[] ct = enc.process(DATA);
    byte[] iv = enc.generatedIv().orElseThrow();
    assertEquals(12, iv.length);
    assertArrayEquals(
        DATA,
        FIPS.decryptor(Mechanism.of(Ckm.AES_GCM, new GcmParams(iv, DATA, 128)), key).process(ct));
  }

  @Test
  void nonApprovedMechanismsAndCurvesRefused() throws Exception {
    refused(
        Ckr.MECHANISM_INVALID,
        "not a FIPS-approved mechanism",
        () -> FIPS.encryptor(Mechanism.of(Ckm.RSA_X_509), TestKeys.RSA_2048.getPublic()));
    refused(
        Ckr.MECHANISM_INVALID,
        "OAEP",
        () -> FIPS.encryptor(Mechanism.of(Ckm.RSA_PKCS), TestKeys.RSA_2048.getPublic()));
    refused(
        Ckr.MECHANISM_INVALID,
        "secp256k1",
        () -> FIPS.signer(Mechanism.of(Ckm.ECDSA_SHA256), TestKeys.SECP256K1.getPrivate()));
    refused(
        Ckr.MECHANISM_INVALID,
        "secp256k1",
        () ->
            FIPS.keyGenerators()
                .generateKeyPair(
                    Mechanism.of(Ckm.EC_KEY_PAIR_GEN), new KeyPairSpec.Ec("secp256k1")));
    refused(
        Ckr.KEY_SIZE_RANGE,
        "112 bits",
        () ->
            FIPS.signer(
                Mechanism.of(Ckm.SHA256_HMAC), new SecretKeySpec(new byte[8], "GenericSecret")));
  }

  @Test
  void permissiveModeAllowsWhatFipsRefuses() {
    assertDoesNotThrow(
        () -> OPEN.signer(Mechanism.of(Ckm.SHA1_RSA_PKCS), TestKeys.RSA_1024.getPrivate()));
    assertDoesNotThrow(
        () ->
            OPEN.encryptor(Mechanism.of(Ckm.DES3_ECB), new SecretKeySpec(new byte[24], "DESede")));
  }
}
