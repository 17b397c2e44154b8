package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/**
 * Inputs of our own for the defects that test vectors outside the suite found: X25519 without the
 * RFC 7748 bit mask, ML-DSA verification keys of the wrong length, empty CBC-PAD ciphertexts, and
 * ML-KEM private keys decoded through the global provider list.
 */
class OutsideVectorDefectsTest {
  private static final MechanismService SVC = TestKeys.SVC;
  private static final HexFormat HEX = HexFormat.of();

  /** The X25519 points of small order (RFC 7748 section 6.1 and the non-canonical encodings). */
  private static final String[] LOW_ORDER_X25519 = {
    "0000000000000000000000000000000000000000000000000000000000000000", // 0
    "0100000000000000000000000000000000000000000000000000000000000000", // 1
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p (= 0)
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p + 1 (= 1)
  };

  private static KeyPair x25519() throws HsmException {
    return SVC.keyGenerators()
        .generateKeyPair(
            Mechanism.of(Ckm.EC_MONTGOMERY_KEY_PAIR_GEN), new KeyPairSpec.Montgomery("X25519"));
  }

  private static byte[] derive(KeyPair own, byte[] peerU) throws HsmException {
    return SVC.deriver(
            Mechanism.of(Ckm.ECDH1_DERIVE, new EcdhParams(EcdhParams.Kdf.NULL, null, peerU)))
        .derive(own.getPrivate(), 0);
  }

  @Test
  void x25519RefusesEveryLowOrderPointWithAndWithoutTheTopBit() throws Exception {
    KeyPair own = x25519();
    for (String hex : LOW_ORDER_X25519) {
      byte[] u = HEX.parseHex(hex);
      byte[] high = u.clone();
      high[31] |= (byte) 0x80;
      for (byte[] candidate : new byte[][] {u, high}) {
        HsmException e =
            assertThrows(
                HsmException.class,
                () -> derive(own, candidate),
                "low-order point " + HEX.formatHex(candidate) + " must be refused");
        assertEquals(Ckr.MECHANISM_PARAM_INVALID, e.returnCode(), e.getMessage());
      }
    }
  }

  @Test
  void x25519IgnoresTheTopBitOfAValidPeerAsTheJdkDoes() throws Exception {
    KeyPair own = x25519();
    KeyPair peer = x25519();
    byte[] u =
        SubjectPublicKeyInfo.getInstance(peer.getPublic().getEncoded())
            .getPublicKeyData()
            .getOctets();
    byte[] high = u.clone();
    high[31] |= (byte) 0x80;
    byte[] plain = derive(own, u);
    assertArrayEquals(plain, derive(own, high), "bit 255 is masked (RFC 7748 section 5)");

    // The JDK's XDH (which masks) agrees on the value computed from the masked point.
    KeyAgreement jdk =
        KeyAgreement.getInstance("XDH", SoftwareProviders.jdkOrBc("KeyAgreement", "XDH"));
    jdk.init(
        KeyFactory.getInstance("XDH", SoftwareProviders.jdkOrBc("KeyFactory", "XDH"))
            .generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(own.getPrivate().getEncoded())));
    jdk.doPhase(peer.getPublic(), true);
    assertArrayEquals(jdk.generateSecret(), plain);
  }

  @Test
  void mlDsaVerificationRefusesAPublicKeyOneByteLongOrShort() throws Exception {
    KeyPair kp = TestKeys.ML_DSA_44;
    byte[] sig = SVC.signer(Mechanism.of(Ckm.ML_DSA), kp.getPrivate()).sign(new byte[] {1, 2, 3});
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
    byte[] raw = spki.getPublicKeyData().getOctets();
    for (int delta : new int[] {-1, 1}) {
      byte[] wrong = Arrays.copyOf(raw, raw.length + delta);
      byte[] encoded = new SubjectPublicKeyInfo(spki.getAlgorithm(), wrong).getEncoded("DER");
      PublicKey bad =
          KeyFactory.getInstance("ML-DSA", SoftwareProviders.bc())
              .generatePublic(new X509EncodedKeySpec(encoded));
      HsmException e =
          assertThrows(
              HsmException.class,
              () -> SVC.verifier(Mechanism.of(Ckm.ML_DSA), bad).verify(new byte[] {1, 2, 3}, sig));
      assertEquals(Ckr.KEY_TYPE_INCONSISTENT, e.returnCode());
      assertTrue(e.getMessage().contains(String.valueOf(wrong.length)), e.getMessage());
    }
    SVC.verifier(Mechanism.of(Ckm.ML_DSA), kp.getPublic()).verify(new byte[] {1, 2, 3}, sig);
  }

  @Test
  void paddedCbcDecryptionOfAnEmptyCiphertextFails() throws Exception {
    var aes = SVC.keyGenerators().generateKey(Mechanism.of(Ckm.AES_KEY_GEN), 128);
    byte[] iv = new byte[16];
    HsmException single =
        assertThrows(
            HsmException.class,
            () ->
                SVC.decryptor(Mechanism.of(Ckm.AES_CBC_PAD, new IvParams(iv)), aes)
                    .process(new byte[0]));
    assertEquals(Ckr.ENCRYPTED_DATA_LEN_RANGE, single.returnCode());
    CipherOperation multi = SVC.decryptor(Mechanism.of(Ckm.AES_CBC_PAD, new IvParams(iv)), aes);
    multi.update(new byte[0], 0, 0);
    assertEquals(
        Ckr.ENCRYPTED_DATA_LEN_RANGE,
        assertThrows(HsmException.class, multi::doFinal).returnCode());
    var des3 = SVC.keyGenerators().generateKey(Mechanism.of(Ckm.DES3_KEY_GEN), 192);
    assertEquals(
        Ckr.ENCRYPTED_DATA_LEN_RANGE,
        assertThrows(
                HsmException.class,
                () ->
                    SVC.decryptor(Mechanism.of(Ckm.DES3_CBC_PAD, new IvParams(new byte[8])), des3)
                        .process(new byte[0]))
            .returnCode());
    // Encrypting nothing is fine and gives one block of padding, which decrypts to nothing.
    byte[] ct =
        SVC.encryptor(Mechanism.of(Ckm.AES_CBC_PAD, new IvParams(iv)), aes).process(new byte[0]);
    assertEquals(16, ct.length);
    assertEquals(
        0, SVC.decryptor(Mechanism.of(Ckm.AES_CBC_PAD, new IvParams(iv)), aes).process(ct).length);
  }

  @Test
  void mlKemDecapsulatesWithAnImportedPrivateKey() throws Exception {
    KeyPair kp =
        SVC.keyGenerators()
            .generateKeyPair(Mechanism.of(Ckm.ML_KEM_KEY_PAIR_GEN), new KeyPairSpec.MlKem(768));
    var imported = KeyDecoder.privateKey(Ckk.ML_KEM, kp.getPrivate().getEncoded());
    var importedPublic = KeyDecoder.publicKey(Ckk.ML_KEM, kp.getPublic().getEncoded());
    KemOperation kem = SVC.kem(Mechanism.of(Ckm.ML_KEM));
    KemOperation.Encapsulation e = kem.encapsulate(importedPublic);
    assertArrayEquals(e.sharedSecret(), kem.decapsulate(imported, e.ciphertext()));
  }
}
