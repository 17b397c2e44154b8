package io.selenehsm.samples.jsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.provider.key.SeleneKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vendor's crypto-operation samples with only names mapped: each logs in through {@code
 * SlotManager.getInstance()} first, registers {@code new SeleneProvider()} at position 3
 * afterwards, and asks for services by the provider name "Selene". Results are checked against the
 * JDK's software providers wherever a public value allows it.
 */
class JspCryptoOperationsTest {
  private static final String PROVIDER = "Selene";
  private static final byte[] DATA =
      "sample data, longer than one AES block".getBytes(StandardCharsets.UTF_8);

  private JspDevice device;

  @BeforeEach
  void setUp() throws Exception {
    device = JspDevice.provisioned();
    JspDevice.loginThenRegister();
  }

  @AfterEach
  void tearDown() {
    device.close();
  }

  private static SecretKey aesKey(int bits) throws Exception {
    KeyGenerator kg = KeyGenerator.getInstance("AES", PROVIDER);
    kg.init(bits);
    return kg.generateKey();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "AES/CBC/PKCS5Padding",
        "AES/CBC/NoPadding",
        "AES/CTR/NoPadding",
        "AES/ECB/NoPadding",
        "AES/ECB/PKCS5Padding",
        "AES/GCM/NoPadding"
      })
  void aesModesRoundTripWithAnHsmKey(String transformation) throws Exception {
    SecretKey key = aesKey(256);
    assertInstanceOf(SeleneKey.class, key, "generated inside the HSM");
    byte[] plain =
        transformation.contains("NoPadding")
                && !transformation.contains("CTR")
                && !transformation.contains("GCM")
            ? Arrays.copyOf(DATA, 32)
            : DATA;
    Cipher enc = Cipher.getInstance(transformation, PROVIDER);
    enc.init(Cipher.ENCRYPT_MODE, key);
    byte[] ct = enc.doFinal(plain);
    assertFalse(Arrays.equals(plain, Arrays.copyOf(ct, plain.length)));
    Cipher dec = Cipher.getInstance(transformation, PROVIDER);
    dec.init(Cipher.DECRYPT_MODE, key, enc.getParameters());
    assertArrayEquals(plain, dec.doFinal(ct));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"AES/CBC/PKCS5Padding", "AES/CTR/NoPadding", "AES/GCM/NoPadding"})
  void aesModesMatchTheJdkForTheSameKeyAndIv(String transformation) throws Exception {
    byte[] raw = new byte[32];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (i * 7 + 1);
    }
    SecretKeySpec key = new SecretKeySpec(raw, "AES");
    Cipher ours = Cipher.getInstance(transformation, PROVIDER);
    Cipher jdk = Cipher.getInstance(transformation, "SunJCE");
    if (transformation.contains("GCM")) {
      GCMParameterSpec spec = new GCMParameterSpec(128, new byte[12]);
      ours.init(Cipher.ENCRYPT_MODE, key, spec);
      jdk.init(Cipher.ENCRYPT_MODE, key, spec);
    } else {
      IvParameterSpec iv = new IvParameterSpec(new byte[16]);
      ours.init(Cipher.ENCRYPT_MODE, key, iv);
      jdk.init(Cipher.ENCRYPT_MODE, key, iv);
    }
    assertArrayEquals(jdk.doFinal(DATA), ours.doFinal(DATA));
  }

  @Test
  void rsaEncryptionOaepPkcs1AndRaw() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", PROVIDER);
    kpg.initialize(2048);
    KeyPair pair = kpg.generateKeyPair();
    for (String t :
        new String[] {
          "RSA/ECB/OAEPPadding", "RSA/ECB/OAEPWithSHA-256AndMGF1Padding", "RSA/ECB/PKCS1Padding"
        }) {
      Cipher enc = Cipher.getInstance(t, PROVIDER);
      enc.init(Cipher.ENCRYPT_MODE, pair.getPublic());
      byte[] ct = enc.doFinal(DATA);
      Cipher dec = Cipher.getInstance(t, PROVIDER);
      dec.init(Cipher.DECRYPT_MODE, pair.getPrivate());
      assertArrayEquals(DATA, dec.doFinal(ct), t);
    }
    // X.509 (raw) RSA: m^e mod n, which the public key alone can recompute.
    byte[] block = new byte[256];
    block[0] = 0;
    System.arraycopy(DATA, 0, block, 256 - DATA.length, DATA.length);
    Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding", PROVIDER);
    raw.init(Cipher.ENCRYPT_MODE, pair.getPublic());
    byte[] ct = raw.doFinal(block);
    RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
    BigInteger expected =
        new BigInteger(1, block).modPow(pub.getPublicExponent(), pub.getModulus());
    assertEquals(expected, new BigInteger(1, ct));
    raw.init(Cipher.DECRYPT_MODE, pair.getPrivate());
    byte[] back = raw.doFinal(ct);
    assertArrayEquals(block, Arrays.copyOfRange(back, back.length - 256, back.length));
  }

  @Test
  void ecdsaSignaturesVerifyWithTheJdk() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", PROVIDER);
    kpg.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair pair = kpg.generateKeyPair();
    for (String alg : new String[] {"SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA"}) {
      Signature signer = Signature.getInstance(alg, PROVIDER);
      signer.initSign(pair.getPrivate());
      signer.update(DATA);
      byte[] sig = signer.sign();
      Signature jdk = Signature.getInstance(alg, "SunEC");
      jdk.initVerify(pair.getPublic());
      jdk.update(DATA);
      assertTrue(jdk.verify(sig), alg);
    }
  }

  @Test
  void rsaSignaturesPkcs1PssAndX931() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", PROVIDER);
    kpg.initialize(2048);
    KeyPair pair = kpg.generateKeyPair();
    Signature pkcs1 = Signature.getInstance("SHA256withRSA", PROVIDER);
    pkcs1.initSign(pair.getPrivate());
    pkcs1.update(DATA);
    Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
    jdk.initVerify(pair.getPublic());
    jdk.update(DATA);
    assertTrue(jdk.verify(pkcs1.sign()), "PKCS#1 v1.5");

    Signature pss = Signature.getInstance("SHA256withRSAandMGF1", PROVIDER);
    pss.initSign(pair.getPrivate());
    pss.update(DATA);
    byte[] pssSig = pss.sign();
    Signature jdkPss = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
    jdkPss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    jdkPss.initVerify(pair.getPublic());
    jdkPss.update(DATA);
    assertTrue(jdkPss.verify(pssSig), "PSS");

    Signature x931 = Signature.getInstance("SHA256withX9_31RSA", PROVIDER);
    x931.initSign(pair.getPrivate());
    x931.update(DATA);
    byte[] x931Sig = x931.sign();
    x931.initVerify(pair.getPublic());
    x931.update(DATA);
    assertTrue(x931.verify(x931Sig), "X9.31");
    x931.initVerify(pair.getPublic());
    x931.update("other data".getBytes(StandardCharsets.UTF_8));
    assertFalse(x931.verify(x931Sig), "X9.31 over other data");
  }

  @Test
  void cmacWithAnHsmAesKeyAndTheRfc4493Vector() throws Exception {
    SecretKey key = aesKey(128);
    Mac mac = Mac.getInstance("AESCMAC", PROVIDER);
    mac.init(key);
    byte[] tag = mac.doFinal(DATA);
    assertEquals(16, tag.length);
    mac.init(key);
    mac.update(DATA, 0, 10);
    mac.update(DATA, 10, DATA.length - 10);
    assertArrayEquals(tag, mac.doFinal(), "chunked CMAC equals one-shot CMAC");
    // RFC 4493 §4, example 2 (one block), with the key imported into the HSM.
    mac.init(new SecretKeySpec(hex("2b7e151628aed2a6abf7158809cf4f3c"), "AES"));
    assertArrayEquals(
        hex("070a16b46b4d4144f79bdd9dd04a287c"),
        mac.doFinal(hex("6bc1bee22e409f96e93d7e117393172a")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HmacSHA1", "HmacSHA256", "HmacSHA384", "HmacSHA512"})
  void hmacKeyedByAnAesKey(String algorithm) throws Exception {
    // As the vendor's HMAC samples do: the MAC key is an AES key generated in the HSM.
    SecretKey aes = aesKey(256);
    Mac mac = Mac.getInstance(algorithm, PROVIDER);
    mac.init(aes);
    byte[] tag = mac.doFinal(DATA);
    assertEquals(mac.getMacLength(), tag.length);
    mac.init(aes);
    assertArrayEquals(tag, mac.doFinal(DATA), "same key, same data, same MAC");
    mac.init(aesKey(256));
    assertFalse(Arrays.equals(tag, mac.doFinal(DATA)), "another AES key, another MAC");
    // An AES key of known value, imported into the HSM, gives the JDK's HMAC.
    byte[] raw = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    mac.init(new SecretKeySpec(raw, "AES"));
    Mac jdk = Mac.getInstance(algorithm, "SunJCE");
    jdk.init(new SecretKeySpec(raw, algorithm));
    assertArrayEquals(jdk.doFinal(DATA), mac.doFinal(DATA));
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }

  @Test
  void hmacRefusesAKeyThatIsNotASecretKey() throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", PROVIDER);
    kpg.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = kpg.generateKeyPair();
    Mac mac = Mac.getInstance("HmacSHA256", PROVIDER);
    assertThrows(InvalidKeyException.class, () -> mac.init(pair.getPrivate()));
    assertThrows(InvalidKeyException.class, () -> mac.init(pair.getPublic()));
  }

  @Test
  void fipsModeGcmTakesTheIvTheHsmGenerates() throws Exception {
    device.close();
    device = JspDevice.fipsMode();
    JspDevice.loginThenRegister();
    SecretKey key = aesKey(256);
    Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
    // FIPS mode refuses an IV the caller chose (SP 800-38D §8.2) ...
    enc.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[12]));
    // doFinal throws what JCA declares for it; the HSM's code travels as the cause.
    javax.crypto.IllegalBlockSizeException thrown =
        assertThrows(javax.crypto.IllegalBlockSizeException.class, () -> enc.doFinal(DATA));
    io.selenehsm.provider.exception.SeleneCryptokiException refused =
        (io.selenehsm.provider.exception.SeleneCryptokiException) thrown.getCause();
    assertEquals(io.selenehsm.firmware.rc.Ckr.MECHANISM_INVALID, refused.getReturnCode());
    assertTrue(
        refused.getMessage().contains("caller-supplied GCM IVs are refused"), refused.getMessage());
    // ... and an empty IV asks the HSM for one, which the cipher reports afterwards.
    Cipher hsmIv = Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
    hsmIv.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[0]));
    hsmIv.updateAAD("header".getBytes(StandardCharsets.UTF_8));
    byte[] ct = hsmIv.doFinal(DATA);
    byte[] iv = hsmIv.getIV();
    assertNotNull(iv);
    assertEquals(12, iv.length);
    Cipher dec = Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
    dec.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
    dec.updateAAD("header".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(DATA, dec.doFinal(ct));
    Cipher noIv = Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
    assertThrows(
        InvalidAlgorithmParameterException.class,
        () -> noIv.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, new byte[0])));
  }
}
