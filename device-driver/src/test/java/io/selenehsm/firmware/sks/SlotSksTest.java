package io.selenehsm.firmware.sks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SKS commands through the driver's Slot API. */
class SlotSksTest {
  private static final char[] PW = "password1".toCharArray();
  private static final char[] CO = "password2".toCharArray();

  @Test
  void extractInsertRolloverAndMultiSignThroughASlot() throws Exception {
    try (DeviceManager m =
        DeviceManager.inMemory(
            ClientConfig.parse(
                "Devices = {\n Device00 = usb, 7700001, factory=zeroized;\n}\n", "test"))) {
      Slot app = m.slots().slot(0);
      Slot admin = m.slots().slot(1);
      long a = admin.openSession(1, true);
      admin.initHsm(a, "hsm", PW, "domain", null);
      admin.login(a, Role.HSM_SO, PW);
      admin.createPartition(a, 0, 1);
      long s = app.openSession(2, true);
      app.initPartition(s, "part", PW, "domain", null);
      app.login(s, Role.PARTITION_SO, PW);
      app.initRole(s, Role.CRYPTO_OFFICER, PW);
      app.logout(s);
      app.login(s, Role.CRYPTO_OFFICER, PW);
      app.changePin(s, PW, CO);

      long key =
          app.generateKey(
              s,
              Mechanism.of(Ckm.GENERIC_SECRET_KEY_GEN),
              Attributes.builder()
                  .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                  .set(Cka.VALUE_LEN, 32L)
                  .set(Cka.SIGN, true)
                  .build());
      SksExtractRequest r = SksExtractRequest.of(key).deletingAfterExtract();
      int size = app.sksExtractSize(s, r);
      byte[] blob = app.sksExtract(s, r);
      assertEquals(size, blob.length);
      List<byte[]> macs =
          app.sksSignFromBlob(
              s,
              blob,
              SksAuthorization.none(),
              Mechanism.of(Ckm.SHA256_HMAC),
              List.of(new byte[] {1}, new byte[] {2}));
      long[] h = app.sksInsert(s, blob, SksAuthorization.none());
      assertEquals(1, h.length);
      assertEquals(
          java.util.HexFormat.of().formatHex(macs.get(1)),
          java.util.HexFormat.of()
              .formatHex(app.sign(s, Mechanism.of(Ckm.SHA256_HMAC), h[0], new byte[] {2})));
      String before = app.smkInfo(s).primary();
      assertNotNull(before);
      app.rolloverSmk(s);
      assertNotEquals(before, app.smkInfo(s).primary());
      HsmException e = assertThrows(HsmException.class, () -> admin.smkInfo(a));
      assertEquals(Ckr.OPERATION_NOT_ALLOWED, e.returnCode());
    }
  }
}
