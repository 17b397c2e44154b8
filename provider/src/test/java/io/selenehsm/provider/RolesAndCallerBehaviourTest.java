package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.testing.SeleneFixture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Crypto User and Limited Crypto Officer logins, and the behaviour issue 4 promises callers. */
class RolesAndCallerBehaviourTest {
  private static final byte[] DATA = "roles and behaviour".getBytes(StandardCharsets.UTF_8);
  private static final String LCO_PIN = "lco-password-2";

  /** The CO creates the Limited Crypto Officer (it must change its first password). */
  private static void initLimitedCryptoOfficer(SeleneFixture f) throws Exception {
    Slot slot = f.slot(f.partitionSlot());
    long s = slot.openSession(99, true);
    try {
      slot.login(s, Role.CRYPTO_OFFICER, SeleneFixture.CO_PIN.toCharArray());
      slot.initRole(s, Role.LIMITED_CRYPTO_OFFICER, "lco-password-1".toCharArray());
      slot.logout(s);
      slot.login(s, Role.LIMITED_CRYPTO_OFFICER, "lco-password-1".toCharArray());
      slot.changePin(s, "lco-password-1".toCharArray(), LCO_PIN.toCharArray());
      slot.logout(s);
    } finally {
      slot.closeSession(s);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = UserRole.class,
      names = {"CRYPTO_USER", "LIMITED_CRYPTO_OFFICER"})
  void usersBelowTheOfficerUseKeysButCannotCreatePrivateTokenObjects(UserRole role)
      throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      initLimitedCryptoOfficer(f);
      KeyPair shared = KeyPairGenerator.getInstance("EC", f.provider()).generateKeyPair();
      ((SeleneKey) shared.getPrivate()).makePersistent("shared-signing");
      ((SeleneKey) shared.getPublic()).makePersistent("shared-signing");
      f.slotManager().logout();

      String pin = role == UserRole.CRYPTO_USER ? SeleneFixture.CU_PIN : LCO_PIN;
      f.slotManager().login(f.partitionSlot(), role, pin);
      assertTrue(f.slotManager().isLoggedIn());
      SeleneKey found = f.slotManager().locateKeyByAlias("shared-signing");
      assertNotNull(found, role + " sees the Crypto Officer's token key");
      Signature s = Signature.getInstance("SHA256withECDSA", f.provider());
      s.initSign((java.security.PrivateKey) found);
      s.update(DATA);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance("SHA256withECDSA", "SunEC");
      v.initVerify(shared.getPublic());
      v.update(DATA);
      assertTrue(v.verify(sig), role + " signs with the key");

      SecretKey session = KeyGenerator.getInstance("AES", f.provider()).generateKey();
      assertFalse(((SeleneKey) session).isPersistent(), role + " makes session keys");
      SeleneCryptokiException e =
          assertThrows(
              SeleneCryptokiException.class,
              () -> ((SeleneKey) session).makePersistent("not-allowed"));
      assertEquals(Ckr.USER_NOT_AUTHORIZED, e.getReturnCode(), e.getMessage());
      assertTrue(e.getMessage().contains("Crypto Officer"), e.getMessage());
      assertEquals(
          Ckr.USER_NOT_AUTHORIZED,
          assertThrows(SeleneCryptokiException.class, found::destroy).getReturnCode(),
          role + " cannot destroy the officer's key");
      assertNull(f.slotManager().locateKeyByAlias("not-allowed"));
    }
  }

  @Test
  void aWrongRolePinIsRefusedWithItsCode() throws Exception {
    try (SeleneFixture f = SeleneFixture.create()) {
      SeleneCryptokiException e =
          assertThrows(
              SeleneCryptokiException.class,
              () ->
                  f.slotManager()
                      .login(f.partitionSlot(), UserRole.CRYPTO_USER, SeleneFixture.CO_PIN));
      assertEquals(Ckr.PIN_INCORRECT, e.getReturnCode());
      assertFalse(f.slotManager().isLoggedIn());
    }
  }

  @Test
  void ctrAndGcmWithoutAnIvLetTheHsmChooseOneEvenWhenStreaming() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      SecretKey key = KeyGenerator.getInstance("AES", f.provider()).generateKey();
      byte[] data = new byte[1000];
      new java.util.Random(5).nextBytes(data);
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding", f.provider());
      ctr.init(Cipher.ENCRYPT_MODE, key);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(ctr.update(data, 0, 300));
      byte[] iv = ctr.getIV();
      assertEquals(16, iv.length);
      out.writeBytes(ctr.update(data, 300, 700));
      out.writeBytes(ctr.doFinal());
      Cipher dec = Cipher.getInstance("AES/CTR/NoPadding", f.provider());
      dec.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
      assertArrayEquals(data, dec.doFinal(out.toByteArray()));

      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[0]));
      gcm.updateAAD(DATA);
      out.reset();
      out.writeBytes(gcm.update(data));
      assertThrows(
          IllegalStateException.class, () -> gcm.updateAAD(DATA), "AAD after the first update");
      out.writeBytes(gcm.doFinal());
      byte[] gcmIv = gcm.getIV();
      assertEquals(12, gcmIv.length);
      Cipher gd = Cipher.getInstance("AES/GCM/NoPadding", f.provider());
      gd.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, gcmIv));
      gd.updateAAD(DATA);
      assertArrayEquals(data, gd.doFinal(out.toByteArray()));
      byte[] again = gcm.doFinal(data);
      assertFalse(java.util.Arrays.equals(gcmIv, gcm.getIV()), "a new IV for the next message");
      assertEquals(data.length + 16, again.length);
    }
  }

  @Test
  void keysAreSessionObjectsUntilPersistedAndEveryTokenKeyKnowsItsDate() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn().register()) {
      SeleneKey k = (SeleneKey) KeyGenerator.getInstance("AES", f.provider()).generateKey();
      assertFalse(k.isPersistent());
      assertNull(k.getDateMadePersistent());
      SeleneTokenObject o = SeleneTokenObject.locateObjectByOUID(k.getOUID(), f.partitionSlot());
      assertFalse(o.getBooleanAttribute(SeleneApi.CKA_TOKEN), "a session object");
      k.makePersistent("dated-key");
      assertTrue(k.isPersistent());
      Date today =
          Date.from(LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant());
      assertEquals(today, k.getDateMadePersistent());

      // Another application (a second provider on the same HSM) finds the key and its date.
      SeleneProvider other = SeleneProvider.over(f.devices());
      try {
        other.getSlotManager().login(f.partitionSlot(), SeleneFixture.CO_PIN);
        SeleneKey found = other.getSlotManager().locateKeyByAlias("dated-key");
        assertNotNull(found);
        assertEquals(
            today,
            found.getDateMadePersistent(),
            "the date comes from the HSM, not from this process");
      } finally {
        other.close();
      }
    }
  }

  @Test
  void foreignKeysWorkWhenPolicyAllows() throws Exception {
    try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
      g.initialize(2048);
      KeyPair soft = g.generateKeyPair();
      Cipher enc = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", f.provider());
      enc.init(Cipher.ENCRYPT_MODE, soft.getPublic());
      byte[] ct = enc.doFinal(DATA);
      Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", "SunJCE");
      jdk.init(Cipher.DECRYPT_MODE, soft.getPrivate());
      assertArrayEquals(DATA, jdk.doFinal(ct), "encrypted to a foreign public key");

      byte[] raw = new byte[16];
      new java.util.Random(9).nextBytes(raw);
      Cipher aes = Cipher.getInstance("AES/ECB/NoPadding", f.provider());
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(raw, "AES"));
      Cipher ref = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
      ref.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(raw, "AES"));
      assertArrayEquals(
          ref.doFinal(new byte[16]),
          aes.doFinal(new byte[16]),
          "a foreign secret key is imported as a session object");
      f.setPartitionPolicy(6, 0);
      java.security.InvalidKeyException e =
          assertThrows(
              java.security.InvalidKeyException.class,
              () -> aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(raw, "AES")));
      assertEquals(
          Ckr.ACTION_PROHIBITED,
          assertInstanceOf(SeleneCryptokiException.class, e.getCause()).getReturnCode());
    }
  }
}
