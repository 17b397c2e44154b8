package io.selenehsm.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.audit.AuditEvent;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.UserRole;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** The admin handle: partitions, roles, device faults and the audit log. */
@SeleneHsm
class AdminActionsTest {
  @Test
  void anotherPartitionIsCreatedWithTheSameRoles(SeleneHsmAdmin admin, SlotManager slots) {
    int second = admin.createPartition("second-partition");
    assertNotEquals(admin.slot(), second);
    assertEquals("second-partition", slots.getTokenLabel(second));
    slots.login(second, UserRole.CRYPTO_USER, admin.pin(UserRole.CRYPTO_USER));
    assertTrue(slots.isLoggedIn(second));
    assertTrue(slots.isLoggedIn(admin.slot()), "the first login stays");
  }

  @Test
  void logsInAsAnotherRoleAndAWrongPinIsRefused(SeleneHsmAdmin admin, SlotManager slots) {
    admin.loginAs(UserRole.CRYPTO_USER);
    assertTrue(slots.isLoggedIn(admin.slot()));
    SeleneCryptokiException e =
        assertThrows(
            SeleneCryptokiException.class,
            () -> slots.login(admin.slot(), UserRole.CRYPTO_OFFICER, "not-the-pin"));
    assertEquals(Ckr.PIN_INCORRECT, e.getReturnCode(), e.getMessage());
    admin.loginAs(UserRole.LIMITED_CRYPTO_OFFICER);
    assertTrue(slots.isLoggedIn(admin.slot()));
  }

  @Test
  void anUnpluggedDeviceRefusesWorkUntilRestored(SeleneHsmAdmin admin, SeleneProvider selene)
      throws Exception {
    KeyPair pair = ecPair(selene);
    admin.unplug();
    Signature s = Signature.getInstance("SHA256withECDSA", selene);
    Exception refused =
        assertThrows(
            Exception.class,
            () -> {
              s.initSign(pair.getPrivate());
              s.update(new byte[] {1});
              s.sign();
            });
    assertTrue(String.valueOf(refused.getMessage()).contains("CKR_"), refused.toString());
    admin.restore();
    admin.slotManager().reinitialize();
    admin.loginAs(UserRole.CRYPTO_OFFICER);
    KeyPair again = ecPair(selene);
    s.initSign(again.getPrivate());
    s.update(new byte[] {1});
    assertEquals(true, s.sign().length > 0);
  }

  @Test
  void aFailedDeviceAnswersADeviceError(SeleneHsmAdmin admin, SlotManager slots) {
    admin.fail();
    SeleneCryptokiException e =
        assertThrows(
            SeleneCryptokiException.class,
            () -> slots.login(admin.slot(), UserRole.CRYPTO_USER, admin.pin(UserRole.CRYPTO_USER)));
    assertEquals(Ckr.DEVICE_ERROR, e.getReturnCode(), e.getMessage());
    admin.restore();
    assertThrows(
        SeleneCryptokiException.class,
        () -> admin.loginAs(UserRole.CRYPTO_USER),
        "sessions opened before the failure are gone, as after a real device restart");
    slots.reinitialize();
    admin.loginAs(UserRole.CRYPTO_USER);
    assertTrue(slots.isLoggedIn(admin.slot()));
  }

  @Test
  void theAuditLogHoldsTheInitialisation(SeleneHsmAdmin admin) {
    assertTrue(
        admin.auditLog().stream().anyMatch(r -> r.event() == AuditEvent.INIT_TOKEN),
        "HSM and partition initialisation are unconditional audit events");
  }

  @Test
  void aDeviceThatDoesNotExistIsNamedInTheError(SeleneHsmAdmin admin) {
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> admin.unplug(3));
    assertTrue(e.getMessage().contains("devices 0 to 0"), e.getMessage());
    assertFalse(admin.deviceSerials().isEmpty());
  }

  static KeyPair ecPair(SeleneProvider selene) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", selene);
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
