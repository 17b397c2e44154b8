package io.selenehsm.samples.jsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.UserRole;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.key.SeleneKey;
import java.security.Security;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor's login samples with names mapped: log in by PIN alone, by slot, by token label, as
 * Crypto User, log out; a wrong PIN is refused with its code; key generation needs a login. Each
 * login happens before {@code Security.insertProviderAt(new SeleneProvider(), 3)}.
 */
class JspLoginVariantsTest {
  private JspDevice device;

  @BeforeEach
  void setUp() throws Exception {
    device = JspDevice.provisioned();
  }

  @AfterEach
  void tearDown() {
    device.close();
  }

  private static void registerAndGenerate() throws Exception {
    if (Security.getProvider("Selene") == null) {
      assertEquals(3, Security.insertProviderAt(new SeleneProvider(), 3));
    }
    KeyGenerator kg = KeyGenerator.getInstance("AES", "Selene");
    kg.init(128);
    assertInstanceOf(SeleneKey.class, kg.generateKey());
  }

  @Test
  void loginByPinAloneUsesTheFirstPartition() throws Exception {
    SlotManager.getInstance().login(JspDevice.CO_PIN);
    assertTrue(SlotManager.getInstance().isLoggedIn(device.slot));
    registerAndGenerate();
  }

  @Test
  void loginBySlotByLabelAndAsCryptoUser() throws Exception {
    SlotManager slots = SlotManager.getInstance();
    slots.login(device.slot, JspDevice.CO_PIN);
    registerAndGenerate();
    slots.logout();
    assertFalse(slots.isLoggedIn());
    slots.login(JspDevice.PARTITION, JspDevice.CO_PIN);
    assertEquals(device.slot, slots.getWorkingSlot());
    registerAndGenerate();
    slots.logout();
    slots.login(device.slot, UserRole.CRYPTO_USER, JspDevice.CU_PIN);
    assertTrue(slots.isLoggedIn());
    slots.logout();
  }

  @Test
  void wrongPinAndNoLoginAreRefusedWithTheirCodes() throws Exception {
    SlotManager slots = SlotManager.getInstance();
    SeleneCryptokiException wrong =
        assertThrows(
            SeleneCryptokiException.class, () -> slots.login(JspDevice.PARTITION, "not-the-pin"));
    assertEquals(Ckr.PIN_INCORRECT, wrong.getReturnCode());
    SeleneCryptokiException noToken =
        assertThrows(
            SeleneCryptokiException.class,
            () -> slots.login("no such partition", JspDevice.CO_PIN));
    assertEquals(Ckr.TOKEN_NOT_PRESENT, noToken.getReturnCode());
    assertFalse(slots.isLoggedIn());
    Security.insertProviderAt(new SeleneProvider(), 3);
    KeyGenerator kg = KeyGenerator.getInstance("AES", "Selene");
    kg.init(128);
    Exception e = assertThrows(Exception.class, kg::generateKey);
    assertEquals(Ckr.USER_NOT_LOGGED_IN, codeOf(e), e.toString());
    slots.login(JspDevice.PARTITION, JspDevice.CO_PIN); // the right PIN still works after one miss
    assertInstanceOf(SeleneKey.class, kg.generateKey());
  }

  private static long codeOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SeleneCryptokiException s) {
        return s.getReturnCode();
      }
    }
    return -1;
  }
}
