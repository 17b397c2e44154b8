package io.selenehsm.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.rc.ReturnCodes;
import io.selenehsm.firmware.role.PasswordHasher;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Shared set-up for engine tests: devices, a settable clock, the usual role secrets, object
 * templates, and an assertion for failed commands that checks code, name and message together.
 */
public final class EngineFixtures {
  private EngineFixtures() {}

  public static final String SO_PIN = "so-secret-1";
  public static final String AU_PIN = "au-secret-1";
  public static final String PO_PIN = "po-secret-1";
  public static final String CO_PIN = "co-secret-1";
  public static final String CU_PIN = "cu-secret-1";
  public static final String DOMAIN = "test-domain";
  public static final long APP = 7;

  public static HsmOptions memoryOptions() {
    return HsmOptions.inMemory("1234567", HsmModel.PCIE_HSM_7);
  }

  public static HsmOptions durableOptions(Path dir) {
    return HsmOptions.durable("7654321", HsmModel.PCIE_HSM_7, dir)
        .withKdfCost(PasswordHasher.Cost.TEST)
        .withShipZeroized(true);
  }

  public static char[] pin(String s) {
    return s == null ? null : s.toCharArray();
  }

  /** A zeroized device taken to: HSM initialized, partition 1 created and initialized, CO set. */
  public static Hsm readyHsm(HsmOptions options) throws HsmException {
    Hsm hsm = Hsm.open(options);
    initHsm(hsm);
    createAndInitPartition(hsm, 1);
    initCo(hsm, 1);
    return hsm;
  }

  public static void initHsm(Hsm hsm) throws HsmException {
    long s = hsm.openSession(Hsm.ADMIN_PARTITION, APP, true);
    hsm.initHsm(s, "selene-test", pin(SO_PIN), DOMAIN, null);
    hsm.closeSession(s);
  }

  public static void createAndInitPartition(Hsm hsm, int id) throws HsmException {
    long s = hsm.openSession(Hsm.ADMIN_PARTITION, APP, true);
    hsm.login(s, Role.HSM_SO, pin(SO_PIN));
    hsm.createPartition(s, id, 0);
    hsm.closeSession(s);
    long p = hsm.openSession(id, APP, true);
    hsm.initPartition(p, "part-" + id, pin(PO_PIN), DOMAIN, null);
    hsm.closeSession(p);
  }

  /** Creates the CO (and changes its password once if policy 21 forces it). */
  public static void initCo(Hsm hsm, int id) throws HsmException {
    long p = hsm.openSession(id, APP, true);
    hsm.login(p, Role.PARTITION_SO, pin(PO_PIN));
    hsm.initRole(p, Role.CRYPTO_OFFICER, pin("co-initial-1"));
    hsm.logout(p);
    hsm.login(p, Role.CRYPTO_OFFICER, pin("co-initial-1"));
    hsm.changePin(p, pin("co-initial-1"), pin(CO_PIN));
    hsm.closeSession(p);
  }

  /** A read-write session on partition {@code id} logged in as the Crypto Officer. */
  public static long coSession(Hsm hsm, int id, long app) throws HsmException {
    long s = hsm.openSession(id, app, true);
    hsm.login(s, Role.CRYPTO_OFFICER, pin(CO_PIN));
    return s;
  }

  public static Attributes dataObject(String label, boolean token) {
    return Attributes.builder()
        .set(Cka.CLASS, Cko.DATA)
        .set(Cka.TOKEN, token)
        .set(Cka.LABEL, label)
        .set(Cka.VALUE, ("value of " + label).getBytes(StandardCharsets.UTF_8))
        .build();
  }

  public static Attributes aesKey(String label, boolean token) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (label.hashCode() + i);
    }
    return Attributes.builder()
        .set(Cka.CLASS, Cko.SECRET_KEY)
        .set(Cka.KEY_TYPE, Ckk.AES)
        .set(Cka.TOKEN, token)
        .set(Cka.LABEL, label)
        .set(Cka.VALUE, key)
        .build();
  }

  /** Checks code, its catalogue name and that the message names every given fragment. */
  public static void assertFails(HsmException e, long code, String... mentions) {
    assertEquals(ReturnCodes.nameOf(code), e.codeName(), () -> "code of: " + e.getMessage());
    assertEquals(code, e.returnCode());
    assertTrue(e.codeName().startsWith("CKR_"), e.codeName());
    String detail = e.detail().toLowerCase(java.util.Locale.ROOT);
    for (String m : mentions) {
      assertTrue(
          detail.contains(m.toLowerCase(java.util.Locale.ROOT)),
          () -> e.codeName() + " message '" + e.detail() + "' should mention '" + m + "'");
    }
  }

  /** Runs a command that must fail with {@code code}; returns the exception for more checks. */
  public static HsmException assertFails(long code, Command c, String... mentions) {
    HsmException e = failure(c);
    assertFails(e, code, mentions);
    return e;
  }

  @FunctionalInterface
  public interface Command {
    void run() throws HsmException;
  }

  /** Runs a command that must fail, and returns its exception. */
  public static HsmException failure(Command c) {
    try {
      c.run();
    } catch (HsmException e) {
      return e;
    }
    throw new AssertionError("the command succeeded but was expected to fail");
  }
}
