package io.selenehsm.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.EcdhParams;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.IvParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's crypto commands end to end: key objects, attribute checks, usage limits. */
class HsmCryptoTest {
  private static final char[] PW = "password1".toCharArray();
  private Hsm hsm;
  private HsmCrypto crypto;
  private long s;

  @BeforeEach
  void setUp() throws HsmException {
    hsm = Hsm.open(HsmOptions.inMemory("1234", HsmModel.USB_HSM_7));
    crypto = hsm.crypto();
    long admin = hsm.openSession(0, 1, true);
    hsm.initHsm(admin, "hsm", PW, "domain", null);
    hsm.login(admin, Role.HSM_SO, PW);
    hsm.createPartition(admin, 1, 0);
    s = hsm.openSession(1, 2, true);
    hsm.initPartition(s, "part", PW, "domain", null);
    hsm.login(s, Role.PARTITION_SO, PW);
    hsm.initRole(s, Role.CRYPTO_OFFICER, PW);
    hsm.logout(s);
    hsm.login(s, Role.CRYPTO_OFFICER, PW);
    hsm.changePin(s, PW, "password2".toCharArray());
  }

  private long[] ecPair() throws Exception {
    Attributes pub =
        Attributes.builder()
            .set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded())
            .build();
    Attributes priv = Attributes.builder().set(Cka.SIGN, true).set(Cka.DERIVE, true).build();
    return crypto.generateKeyPair(s, Mechanism.of(Ckm.EC_KEY_PAIR_GEN), pub, priv);
  }

  @Test
  void rsaSignatureVerifiesWithTheJdk() throws Exception {
    Attributes pub = Attributes.builder().set(Cka.MODULUS_BITS, 2048L).set(Cka.TOKEN, true).build();
    Attributes priv = Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, "rsa").build();
    long[] pair = crypto.generateKeyPair(s, Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN), pub, priv);
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] sig = crypto.sign(s, Mechanism.of(Ckm.SHA256_RSA_PKCS), pair[1], data);
    PublicKey jdk =
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new X509EncodedKeySpec(hsm.getAttribute(s, pair[0], Cka.PUBLIC_KEY_INFO)));
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(jdk);
    v.update(data);
    assertTrue(v.verify(sig));
    crypto.verify(s, Mechanism.of(Ckm.SHA256_RSA_PKCS), pair[0], data, sig);
    sig[0] ^= 1;
    byte[] bad = sig;
    HsmException e =
        assertThrows(
            HsmException.class,
            () -> crypto.verify(s, Mechanism.of(Ckm.SHA256_RSA_PKCS), pair[0], data, bad));
    assertEquals(Ckr.SIGNATURE_INVALID, e.returnCode());
    assertThrows(HsmException.class, () -> hsm.getAttribute(s, pair[1], Cka.PRIVATE_KEY_INFO));
    assertArrayEquals(new byte[] {1}, hsm.getAttribute(s, pair[1], Cka.LOCAL));
    assertArrayEquals(new byte[] {1}, hsm.getAttribute(s, pair[1], Cka.NEVER_EXTRACTABLE));
  }

  @Test
  void multiPartSignEqualsSinglePartForDeterministicMechanisms() throws Exception {
    long key =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.GENERIC_SECRET_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.SIGN, true)
                .set(Cka.VERIFY, true)
                .build());
    byte[] data = new byte[1000];
    byte[] one = crypto.sign(s, Mechanism.of(Ckm.SHA256_HMAC), key, data);
    crypto.signInit(s, Mechanism.of(Ckm.SHA256_HMAC), key);
    crypto.signUpdate(s, java.util.Arrays.copyOf(data, 300));
    crypto.signUpdate(s, java.util.Arrays.copyOfRange(data, 300, 1000));
    assertArrayEquals(one, crypto.signFinal(s));
    HsmException e = assertThrows(HsmException.class, () -> crypto.signFinal(s));
    assertEquals(Ckr.OPERATION_NOT_INITIALIZED, e.returnCode());
  }

  @Test
  void aesGcmWithHsmGeneratedIvRoundTrips() throws Exception {
    long key =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.ENCRYPT, true)
                .set(Cka.DECRYPT, true)
                .build());
    byte[] plain = "secret message".getBytes(StandardCharsets.UTF_8);
    HsmCrypto.Encrypted enc =
        crypto.encrypt(
            s, Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[0], new byte[0], 128)), key, plain);
    assertEquals(12, enc.generatedIv().length);
    byte[] back =
        crypto.decrypt(
            s,
            Mechanism.of(Ckm.AES_GCM, new GcmParams(enc.generatedIv(), new byte[0], 128)),
            key,
            enc.ciphertext());
    assertArrayEquals(plain, back);
    assertNull(hsm.getAttributes(s, key).get(Cka.VALUE));
  }

  @Test
  void wrapUnwrapAndTheRulesAroundIt() throws Exception {
    long kek =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.WRAP, true)
                .set(Cka.UNWRAP, true)
                .build());
    long target =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 16L)
                .set(Cka.EXTRACTABLE, true)
                .set(Cka.ENCRYPT, true)
                .build());
    long locked =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder().set(Cka.KEY_TYPE, Ckk.AES).set(Cka.VALUE_LEN, 16L).build());
    Mechanism kw = Mechanism.of(Ckm.AES_KEY_WRAP);
    byte[] wrapped = crypto.wrapKey(s, kw, kek, target);
    long copy =
        crypto.unwrapKey(
            s,
            kw,
            kek,
            wrapped,
            Attributes.builder()
                .set(Cka.CLASS, Cko.SECRET_KEY)
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.ENCRYPT, true)
                .build());
    byte[] a = crypto.encrypt(s, Mechanism.of(Ckm.AES_ECB), target, new byte[16]).ciphertext();
    byte[] b = crypto.encrypt(s, Mechanism.of(Ckm.AES_ECB), copy, new byte[16]).ciphertext();
    assertArrayEquals(a, b);
    HsmException e = assertThrows(HsmException.class, () -> crypto.wrapKey(s, kw, kek, locked));
    assertEquals(Ckr.KEY_UNEXTRACTABLE, e.returnCode());
    long weakKek =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 16L)
                .set(Cka.WRAP, true)
                .build());
    long strong =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.EXTRACTABLE, true)
                .build());
    // Outside FIPS mode a weaker wrapping key is allowed (see fipsModeRefusesAWeakerWrappingKey).
    assertEquals(40, crypto.wrapKey(s, kw, weakKek, strong).length);
    long noWrapKey =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.WRAP, false)
                .build());
    HsmException noWrap =
        assertThrows(HsmException.class, () -> crypto.wrapKey(s, kw, noWrapKey, target));
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, noWrap.returnCode());
  }

  @Test
  void ecdhDerivesTheSameSecretOnBothSides() throws Exception {
    long[] alice = ecPair();
    long[] bob = ecPair();
    Attributes t =
        Attributes.builder()
            .set(Cka.KEY_TYPE, Ckk.AES)
            .set(Cka.VALUE_LEN, 32L)
            .set(Cka.ENCRYPT, true)
            .build();
    byte[] bobPoint = hsm.getAttribute(s, bob[0], Cka.PUBLIC_KEY_INFO);
    byte[] alicePoint = hsm.getAttribute(s, alice[0], Cka.PUBLIC_KEY_INFO);
    long k1 =
        crypto.deriveKey(
            s,
            Mechanism.of(
                Ckm.ECDH1_DERIVE, new EcdhParams(EcdhParams.Kdf.NULL, new byte[0], bobPoint)),
            alice[1],
            t);
    long k2 =
        crypto.deriveKey(
            s,
            Mechanism.of(
                Ckm.ECDH1_DERIVE, new EcdhParams(EcdhParams.Kdf.NULL, new byte[0], alicePoint)),
            bob[1],
            t);
    byte[] c1 = crypto.encrypt(s, Mechanism.of(Ckm.AES_ECB), k1, new byte[16]).ciphertext();
    byte[] c2 = crypto.encrypt(s, Mechanism.of(Ckm.AES_ECB), k2, new byte[16]).ciphertext();
    assertArrayEquals(c1, c2);
  }

  @Test
  void usageAttributesAreEnforced() throws Exception {
    long[] pair = ecPair();
    long key =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 16L)
                .set(Cka.ENCRYPT, false)
                .build());
    HsmException e =
        assertThrows(
            HsmException.class,
            () -> crypto.encrypt(s, Mechanism.of(Ckm.AES_ECB), key, new byte[16]));
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, e.returnCode());
    HsmException mech =
        assertThrows(
            HsmException.class,
            () -> crypto.sign(s, Mechanism.of(Ckm.SHA256_RSA_PKCS), pair[1], new byte[1]));
    assertEquals(Ckr.KEY_TYPE_INCONSISTENT, mech.returnCode());
  }

  @Test
  void usageLimitHoldsUnderConcurrentUse() throws Exception {
    long key =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 16L)
                .set(Cka.TOKEN, true)
                .set(Cka.ENCRYPT, true)
                .set(Cka.USAGE_LIMIT, 50L)
                .build());
    AtomicInteger ok = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 40; i++) {
                  try {
                    crypto.encrypt(s, Mechanism.of(Ckm.AES_ECB), key, new byte[16]);
                    ok.incrementAndGet();
                  } catch (HsmException e) {
                    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, e.returnCode());
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(50, ok.get());
    assertEquals(50L, Attributes.decodeLong(hsm.getAttribute(s, key, Cka.USAGE_COUNT)));
  }

  @Test
  void everyKeyHasTheCommonAttributesWithEmptyDefaults() throws Exception {
    long aes =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder().set(Cka.KEY_TYPE, Ckk.AES).set(Cka.VALUE_LEN, 16L).build());
    long[] ec = ecPair();
    for (long key : new long[] {aes, ec[0], ec[1]}) {
      assertArrayEquals(new byte[0], hsm.getAttribute(s, key, Cka.ID), "CKA_ID of " + key);
      assertArrayEquals(new byte[0], hsm.getAttribute(s, key, Cka.START_DATE));
      assertArrayEquals(new byte[0], hsm.getAttribute(s, key, Cka.END_DATE));
    }
    assertArrayEquals(new byte[0], hsm.getAttribute(s, ec[0], Cka.SUBJECT));
    assertArrayEquals(new byte[0], hsm.getAttribute(s, ec[1], Cka.SUBJECT));
    long named =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 16L)
                .set(Cka.ID, new byte[] {7})
                .build());
    assertArrayEquals(new byte[] {7}, hsm.getAttribute(s, named, Cka.ID));
  }

  @Test
  void hmacTakesAnAesKeyAndRefusesAnRsaKey() throws Exception {
    long aes =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.SIGN, true)
                .set(Cka.VERIFY, true)
                .set(Cka.EXTRACTABLE, true)
                .set(Cka.SENSITIVE, false)
                .build());
    byte[] data = "hmac over an AES key".getBytes(StandardCharsets.UTF_8);
    byte[] mac = crypto.sign(s, Mechanism.of(Ckm.SHA256_HMAC), aes, data);
    javax.crypto.Mac jdk = javax.crypto.Mac.getInstance("HmacSHA256");
    jdk.init(
        new javax.crypto.spec.SecretKeySpec(hsm.getAttribute(s, aes, Cka.VALUE), "HmacSHA256"));
    assertArrayEquals(jdk.doFinal(data), mac);
    long[] ec = ecPair();
    HsmException e =
        assertThrows(
            HsmException.class, () -> crypto.sign(s, Mechanism.of(Ckm.SHA256_HMAC), ec[1], data));
    assertEquals(Ckr.KEY_TYPE_INCONSISTENT, e.returnCode());
  }

  @Test
  void fipsModeRefusesAWeakerWrappingKey() throws Exception {
    long p = fipsPartition();
    long weakKek =
        crypto.generateKey(
            p,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 16L)
                .set(Cka.WRAP, true)
                .build());
    long strong =
        crypto.generateKey(
            p,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.EXTRACTABLE, true)
                .build());
    HsmException weak =
        assertThrows(
            HsmException.class,
            () -> crypto.wrapKey(p, Mechanism.of(Ckm.AES_KEY_WRAP), weakKek, strong));
    assertEquals(Ckr.WRAPPING_KEY_SIZE_RANGE, weak.returnCode());
    assertTrue(weak.getMessage().contains("FIPS mode"), weak.getMessage());
  }

  @Test
  void outsideFipsModeDes3MayWrapAes128() throws Exception {
    long des3 =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.DES3_KEY_GEN),
            Attributes.builder().set(Cka.WRAP, true).set(Cka.UNWRAP, true).build());
    long aes =
        crypto.generateKey(
            s,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 16L)
                .set(Cka.EXTRACTABLE, true)
                .set(Cka.ENCRYPT, true)
                .build());
    Mechanism cbcPad = Mechanism.of(Ckm.DES3_CBC_PAD, new IvParams(new byte[8]));
    byte[] wrapped = crypto.wrapKey(s, cbcPad, des3, aes);
    long back =
        crypto.unwrapKey(
            s,
            cbcPad,
            des3,
            wrapped,
            Attributes.builder()
                .set(Cka.CLASS, Cko.SECRET_KEY)
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.ENCRYPT, true)
                .build());
    assertArrayEquals(
        crypto.encrypt(s, Mechanism.of(Ckm.AES_ECB), aes, new byte[16]).ciphertext(),
        crypto.encrypt(s, Mechanism.of(Ckm.AES_ECB), back, new byte[16]).ciphertext());
  }

  /** Turns FIPS mode on (destroying the partition) and logs a new Crypto Officer in. */
  private long fipsPartition() throws HsmException {
    long admin = hsm.openSession(0, 1, true);
    hsm.changeHsmPolicy(admin, HsmPolicies.ALLOW_NON_FIPS, 0);
    hsm.createPartition(admin, 1, 0);
    long p = hsm.openSession(1, 3, true);
    hsm.initPartition(p, "fips", PW, "domain", null);
    hsm.login(p, Role.PARTITION_SO, PW);
    hsm.initRole(p, Role.CRYPTO_OFFICER, PW);
    hsm.logout(p);
    hsm.login(p, Role.CRYPTO_OFFICER, PW);
    hsm.changePin(p, PW, "password2".toCharArray());
    return p;
  }

  @Test
  void fipsModeRefusesWhatIsNotApproved() throws Exception {
    long p = fipsPartition();
    HsmException e =
        assertThrows(
            HsmException.class,
            () ->
                crypto.generateKeyPair(
                    p,
                    Mechanism.of(Ckm.RSA_PKCS_KEY_PAIR_GEN),
                    Attributes.builder().set(Cka.MODULUS_BITS, 1024L).build(),
                    Attributes.empty()));
    assertEquals(Ckr.KEY_SIZE_RANGE, e.returnCode());
  }
}
