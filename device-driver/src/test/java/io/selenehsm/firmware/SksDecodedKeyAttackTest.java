package io.selenehsm.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SksAuthorization;
import io.selenehsm.firmware.sks.SksExtractRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the cache of keys decoded from SKS blobs ({@link SksDecodedKeys}): a decoded key must
 * not outlive the login or the partition contents it was inserted under, and an OUID must never
 * lend one object's decoded key to another.
 */
class SksDecodedKeyAttackTest {
  private static final char[] PW = "password1".toCharArray();
  private static final char[] CO_PW = "password2".toCharArray();

  /** DER OID 1.2.840.10045.3.1.7 (P-256). */
  private static final byte[] P256 = {
    0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07
  };

  private static final byte[] DATA = "to sign".getBytes(StandardCharsets.UTF_8);
  private static final Mechanism ECDSA = Mechanism.of(Ckm.ECDSA_SHA256);

  private Hsm hsm;
  private long admin;
  private long s;

  @BeforeEach
  void setUp() throws HsmException {
    hsm = Hsm.open(HsmOptions.inMemory("7101", HsmModel.USB_HSM_7));
    admin = hsm.openSession(0, 1, true);
    hsm.initHsm(admin, "hsm", PW, "domain", null);
    hsm.login(admin, Role.HSM_SO, PW);
    hsm.createPartition(admin, 1, 1);
    s = hsm.openSession(1, 2, true);
    hsm.initPartition(s, "part", PW, "domain", null);
    hsm.login(s, Role.PARTITION_SO, PW);
    hsm.initRole(s, Role.CRYPTO_OFFICER, PW);
    hsm.logout(s);
    hsm.login(s, Role.CRYPTO_OFFICER, PW);
    hsm.changePin(s, PW, CO_PW);
  }

  /** An EC key pair extracted to a blob (the originals deleted); returns the blob. */
  private byte[] ecBlob() throws HsmException {
    long[] pair =
        hsm.crypto()
            .generateKeyPair(
                s,
                Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                Attributes.builder().set(Cka.EC_PARAMS, P256).build(),
                Attributes.builder().set(Cka.SIGN, true).set(Cka.LABEL, "ec").build());
    return hsm.sks()
        .extract(s, new SksExtractRequest(List.of(pair[1]), SksAuthorization.none(), true));
  }

  private SksDecodedKeys cache() throws HsmException {
    return hsm.partition(1).sksKeys;
  }

  private Object decodedOf(long handle) throws HsmException {
    return hsm.partition(1).objects.get(handle).decodedCache().get();
  }

  @Test
  void aReinsertedBlobReusesTheKeyDecodedAtItsFirstInsert() throws HsmException {
    byte[] blob = ecBlob();
    long first = hsm.sks().insert(s, blob, SksAuthorization.none())[0];
    Object decoded = decodedOf(first);
    assertNotNull(decoded, "decoded at insert time");
    assertEquals(1, cache().size());
    hsm.destroyObject(s, first);

    long again = hsm.sks().insert(s, blob, SksAuthorization.none())[0];
    assertSame(decoded, decodedOf(again), "the second insert finds the key decoded before");
    assertTrue(hsm.crypto().sign(s, ECDSA, again, DATA).length > 0);
  }

  @Test
  void logoutDropsDecodedKeysAndTheInsertedKeyCannotSign() throws HsmException {
    byte[] blob = ecBlob();
    long inserted = hsm.sks().insert(s, blob, SksAuthorization.none())[0];
    Object decoded = decodedOf(inserted);
    assertEquals(1, cache().size());

    hsm.logout(s);
    assertEquals(0, cache().size(), "no decoded key outlives the login");
    HsmException refused =
        assertThrows(HsmException.class, () -> hsm.crypto().sign(s, ECDSA, inserted, DATA));
    assertTrue(
        refused.returnCode() == Ckr.USER_NOT_LOGGED_IN
            || refused.returnCode() == Ckr.OBJECT_HANDLE_INVALID,
        refused.getMessage());

    // Logged in again, a fresh insert of the blob decodes anew: nothing was kept from before.
    hsm.login(s, Role.CRYPTO_OFFICER, CO_PW);
    hsm.destroyObject(s, inserted);
    long again = hsm.sks().insert(s, blob, SksAuthorization.none())[0];
    assertNotSame(decoded, decodedOf(again));
  }

  @Test
  void closingTheLastSessionDropsDecodedKeys() throws HsmException {
    hsm.sks().insert(s, ecBlob(), SksAuthorization.none());
    assertEquals(1, cache().size());
    hsm.closeSession(s);
    assertEquals(0, cache().size());
  }

  @Test
  void zeroizeDropsDecodedKeysAndTheirObjects() throws HsmException {
    long inserted = hsm.sks().insert(s, ecBlob(), SksAuthorization.none())[0];
    SksDecodedKeys before = cache();
    assertEquals(1, before.size());

    hsm.zeroize(admin);
    assertEquals(0, before.size(), "zeroize clears the cache it leaves behind");
    assertThrows(HsmException.class, () -> hsm.crypto().sign(s, ECDSA, inserted, DATA));
  }

  @Test
  void anOuidNeverLendsAnotherObjectsDecodedKey() throws HsmException {
    byte[] blob = ecBlob();
    long inserted = hsm.sks().insert(s, blob, SksAuthorization.none())[0];
    HsmObject real = hsm.partition(1).objects.get(inserted);
    Object realKey = real.decodedCache().get();

    // A forged object claiming the same OUID with other material (a second EC key's).
    long[] other =
        hsm.crypto()
            .generateKeyPair(
                s,
                Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                Attributes.builder().set(Cka.EC_PARAMS, P256).build(),
                Attributes.builder()
                    .set(Cka.SIGN, true)
                    .set(Cka.SENSITIVE, false)
                    .set(Cka.EXTRACTABLE, true)
                    .build());
    Attributes otherMaterial = hsm.partition(1).objects.get(other[1]).attributes();
    HsmObject forged = new HsmObject(0, 1, real.ouid(), otherMaterial, s);

    cache().seed(forged);
    assertNotSame(realKey, forged.decodedCache().get(), "decoded from its own material");
    assertNotNull(forged.decodedCache().get());
  }
}
