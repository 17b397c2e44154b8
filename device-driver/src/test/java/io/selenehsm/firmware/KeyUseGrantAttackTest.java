package io.selenehsm.firmware;

import static io.selenehsm.firmware.EngineFixtures.APP;
import static io.selenehsm.firmware.EngineFixtures.CO_PIN;
import static io.selenehsm.firmware.EngineFixtures.PO_PIN;
import static io.selenehsm.firmware.EngineFixtures.pin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the key-use decision a session remembers between single-part operations ({@link
 * KeyUseGrant}): each test warms the session on a key, changes what the decision depended on (an
 * attribute, the login, the key's existence, its owning session, a partition policy) and shows that
 * the very next operation on the warm session is refused with the code a session that never used
 * the key gets.
 */
class KeyUseGrantAttackTest {
  private static final long CU_APP = APP + 1;
  private static final byte[] DATA = new byte[1024];
  private static final byte[] IV = new byte[12];

  private Hsm hsm;
  private HsmCrypto crypto;
  private long co;
  private long key;

  @BeforeEach
  void setUp() throws HsmException {
    hsm = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
    crypto = hsm.crypto();
    co = hsm.openSession(1, APP, true);
    hsm.login(co, Role.CRYPTO_OFFICER, pin(CO_PIN));
    key = aesKey(Attributes.builder());
  }

  @AfterEach
  void tearDown() throws Exception {
    hsm.close();
  }

  /** A token AES-256 key for encryption and decryption, with {@code extra} on top. */
  private long aesKey(Attributes.Builder extra) throws HsmException {
    return crypto.generateKey(
        co,
        Mechanism.of(Ckm.AES_KEY_GEN),
        Attributes.builder()
            .set(Cka.TOKEN, true)
            .set(Cka.KEY_TYPE, Ckk.AES)
            .set(Cka.VALUE_LEN, 32L)
            .set(Cka.ENCRYPT, true)
            .set(Cka.DECRYPT, true)
            .putAll(extra.build())
            .build());
  }

  private byte[] encrypt(long session, long handle) throws HsmException {
    Mechanism gcm = Mechanism.of(Ckm.AES_GCM, new GcmParams(IV, new byte[0], 128));
    return crypto.encrypt(session, gcm, handle, DATA).ciphertext();
  }

  /** Warms {@code session} on {@code handle}: two operations, the second served by the grant. */
  private void warm(long session, long handle) throws HsmException {
    encrypt(session, handle);
    encrypt(session, handle);
  }

  /**
   * The warm session is refused, with the code a fresh session of the same application (no grant)
   * gets for the same operation.
   */
  private void assertRefusedAsUncached(long warm, long app, long handle, long expected)
      throws HsmException {
    HsmException cached = assertThrows(HsmException.class, () -> encrypt(warm, handle));
    long fresh = hsm.openSession(1, app, true);
    try {
      HsmException uncached = assertThrows(HsmException.class, () -> encrypt(fresh, handle));
      assertEquals(uncached.returnCode(), cached.returnCode(), cached.getMessage());
    } finally {
      hsm.closeSession(fresh);
    }
    assertEquals(expected, cached.returnCode(), cached.getMessage());
  }

  @Test
  void theWarmPathComputesTheSameCiphertextAsTheJdk() throws Exception {
    warm(co, key);
    key = aesKey(Attributes.builder().set(Cka.SENSITIVE, false).set(Cka.EXTRACTABLE, true));
    warm(co, key);
    byte[] value = hsm.getAttribute(co, key, Cka.VALUE);
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(value, "AES"), new GCMParameterSpec(128, IV));
    assertArrayEquals(jdk.doFinal(DATA), encrypt(co, key));
  }

  @Test
  void clearingTheUsageAttributeRefusesTheNextOperation() throws HsmException {
    warm(co, key);
    hsm.setAttributes(co, key, Attributes.builder().set(Cka.ENCRYPT, false).build());
    assertRefusedAsUncached(co, APP, key, Ckr.KEY_FUNCTION_NOT_PERMITTED);
  }

  @Test
  void loggingOutRefusesTheNextOperationAndLoggingInAgainRestoresIt() throws HsmException {
    warm(co, key);
    hsm.logout(co);
    assertRefusedAsUncached(co, APP, key, Ckr.OBJECT_HANDLE_INVALID);
    hsm.login(co, Role.CRYPTO_OFFICER, pin(CO_PIN));
    encrypt(co, key);
  }

  @Test
  void aLogoutInAnotherSessionOfTheApplicationRefusesTheWarmSession() throws HsmException {
    long sibling = hsm.openSession(1, APP, true);
    warm(co, key);
    hsm.logout(sibling); // the login belongs to the application: every session of it loses it
    assertRefusedAsUncached(co, APP, key, Ckr.OBJECT_HANDLE_INVALID);
  }

  @Test
  void destroyingTheKeyRefusesTheNextOperation() throws HsmException {
    warm(co, key);
    hsm.destroyObject(co, key);
    assertRefusedAsUncached(co, APP, key, Ckr.OBJECT_HANDLE_INVALID);
  }

  @Test
  void perKeyAuthorizationSwitchedOnRefusesAWarmCryptoUser() throws HsmException {
    long po = hsm.openSession(1, APP + 2, true);
    hsm.login(po, Role.PARTITION_SO, pin(PO_PIN));
    hsm.changePartitionPolicy(po, PartitionPolicies.PARTITION_VERSION, 1);
    key = aesKey(Attributes.builder());
    hsm.logout(co);
    hsm.login(co, Role.CRYPTO_OFFICER, pin(CO_PIN));
    hsm.initRole(co, Role.CRYPTO_USER, pin("cu-initial-1"));
    long cu = hsm.openSession(1, CU_APP, true);
    hsm.login(cu, Role.CRYPTO_USER, pin("cu-initial-1"));
    hsm.changePin(cu, pin("cu-initial-1"), pin("cu-secret-1"));
    warm(cu, key);
    hsm.changePartitionPolicy(po, PartitionPolicies.PER_KEY_AUTHORIZATION, 1);
    assertRefusedAsUncached(cu, CU_APP, key, Ckr.USER_NOT_AUTHORIZED);
    encrypt(co, key); // the Crypto Officer uses every key freely
  }

  @Test
  void aUsageLimitHoldsOnTheWarmPath() throws HsmException {
    long limited = aesKey(Attributes.builder().set(Cka.USAGE_LIMIT, 3L));
    encrypt(co, limited);
    encrypt(co, limited);
    encrypt(co, limited);
    HsmException e = assertThrows(HsmException.class, () -> encrypt(co, limited));
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, e.returnCode(), e.getMessage());
  }

  @Test
  void aUsageLimitSetOnAWarmKeyCountsItsEarlierUsesAndHolds() throws HsmException {
    warm(co, key);
    encrypt(co, key);
    assertEquals(3L, Attributes.decodeLong(hsm.getAttribute(co, key, Cka.USAGE_COUNT)));
    hsm.setAttributes(co, key, Attributes.builder().set(Cka.USAGE_LIMIT, 4L).build());
    encrypt(co, key);
    assertRefusedAsUncached(co, APP, key, Ckr.KEY_FUNCTION_NOT_PERMITTED);
    assertEquals(4L, Attributes.decodeLong(hsm.getAttribute(co, key, Cka.USAGE_COUNT)));
  }

  @Test
  void aGrantForOneUsageDoesNotServeAnother() throws HsmException {
    long encryptOnly = aesKey(Attributes.builder().set(Cka.DECRYPT, false));
    warm(co, encryptOnly);
    Mechanism gcm = Mechanism.of(Ckm.AES_GCM, new GcmParams(IV, new byte[0], 128));
    byte[] ct = encrypt(co, encryptOnly);
    HsmException e =
        assertThrows(HsmException.class, () -> crypto.decrypt(co, gcm, encryptOnly, ct));
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, e.returnCode(), e.getMessage());
  }

  @Test
  void closingTheSessionThatOwnsASessionKeyRefusesItsSibling() throws HsmException {
    long owner = hsm.openSession(1, APP, true);
    long sessionKey =
        crypto.generateKey(
            owner,
            Mechanism.of(Ckm.AES_KEY_GEN),
            Attributes.builder()
                .set(Cka.KEY_TYPE, Ckk.AES)
                .set(Cka.VALUE_LEN, 32L)
                .set(Cka.ENCRYPT, true)
                .build());
    warm(co, sessionKey);
    hsm.closeSession(owner);
    assertRefusedAsUncached(co, APP, sessionKey, Ckr.OBJECT_HANDLE_INVALID);
  }

  /**
   * A token key of {@code type} made with the default usage attributes, which give it both data and
   * key usage: not yet committed to either (see KeyPurpose), the way a provider's HMAC key is made.
   */
  private long uncommittedKey(long keyGen, long type) throws HsmException {
    return crypto.generateKey(
        co,
        Mechanism.of(keyGen),
        Attributes.builder()
            .set(Cka.TOKEN, true)
            .set(Cka.KEY_TYPE, type)
            .set(Cka.VALUE_LEN, 32L)
            .build());
  }

  private byte[] mac(long session, long handle) throws HsmException {
    return crypto.sign(session, Mechanism.of(Ckm.SHA256_HMAC), handle, DATA);
  }

  @Test
  void signingWithAnUncommittedKeyIsGrantedAndClearingSignRefusesTheNextOperation()
      throws HsmException {
    long mac = uncommittedKey(Ckm.GENERIC_SECRET_KEY_GEN, Ckk.GENERIC_SECRET);
    mac(co, mac);
    KeyUseGrant g = hsm.session(co).keyUseGrant;
    assertNotNull(g, "signing commits nothing, so the decision is remembered");
    assertTrue(g.object().isUncommitted(), "the key may still both encrypt and wrap");
    assertEquals(mac, g.handle());
    assertEquals(Cka.SIGN, g.usage());
    byte[] warmMac = mac(co, mac);
    assertSame(g, hsm.session(co).keyUseGrant, "the second MAC is served by the grant");
    long fresh = hsm.openSession(1, APP, true);
    try {
      assertArrayEquals(mac(fresh, mac), warmMac);
    } finally {
      hsm.closeSession(fresh);
    }
    hsm.setAttributes(co, mac, Attributes.builder().set(Cka.SIGN, false).build());
    HsmException cached = assertThrows(HsmException.class, () -> mac(co, mac));
    long other = hsm.openSession(1, APP, true);
    try {
      HsmException uncached = assertThrows(HsmException.class, () -> mac(other, mac));
      assertEquals(uncached.returnCode(), cached.returnCode(), cached.getMessage());
    } finally {
      hsm.closeSession(other);
    }
    assertEquals(Ckr.KEY_FUNCTION_NOT_PERMITTED, cached.returnCode(), cached.getMessage());
  }

  @Test
  void committingTheKeyInAnotherSessionMakesTheSignGrantStale() throws HsmException {
    long both = uncommittedKey(Ckm.AES_KEY_GEN, Ckk.AES);
    mac(co, both);
    KeyUseGrant before = hsm.session(co).keyUseGrant;
    assertNotNull(before);
    assertTrue(before.object().isUncommitted(), "the key may still both encrypt and wrap");
    long other = hsm.openSession(1, APP, true);
    try {
      encrypt(other, both); // the first data use commits the key: wrap and unwrap are cleared
    } finally {
      hsm.closeSession(other);
    }
    assertFalse(hsm.stillGranted(hsm.session(co), before), "the committed key is a new object");
    mac(co, both); // still allowed: the commit left signing alone
    KeyUseGrant after = hsm.session(co).keyUseGrant;
    assertNotSame(before, after);
    assertFalse(after.object().allows(Cka.WRAP), "the new grant holds the committed object");
  }
}
