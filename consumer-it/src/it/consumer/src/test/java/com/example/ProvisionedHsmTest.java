package com.example;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.SeleneProvider;
import org.junit.jupiter.api.Test;

/** Without the fixture: the HSM provisioned through the driver, in memory. */
class ProvisionedHsmTest {
  private static final char[] PW = "password1".toCharArray();

  @Test
  void signsPersistsAndReloads() throws Exception {
    ClientConfig conf = ClientConfig.parse(
        "Devices = {\n Device00 = usb, 5550001, factory=zeroized;\n}\n", "consumer selene.conf");
    try (DeviceManager devices = DeviceManager.inMemory(conf)) {
      DeviceSlot admin = devices.slots().adminSlot("5550001").orElseThrow();
      DeviceSlot app = devices.slots().applicationSlot("5550001", 1).orElseThrow();
      long a = admin.openSession(1, true);
      admin.initHsm(a, "hsm", PW, "domain", null);
      admin.login(a, Role.HSM_SO, PW);
      admin.createPartition(a, app.slotId(), 1);
      long s = app.openSession(1, true);
      app.initPartition(s, "consumer", PW, "domain", null);
      app.login(s, Role.PARTITION_SO, PW);
      app.initRole(s, Role.CRYPTO_OFFICER, PW);
      app.logout(s);
      app.login(s, Role.CRYPTO_OFFICER, PW);
      app.changePin(s, PW, "password2".toCharArray());
      app.closeSession(s);
      SeleneProvider provider = SeleneProvider.over(devices);
      try {
        provider.getSlotManager().login("consumer", "password2");
        SignPersistReload.run(provider);
      } finally {
        provider.close();
      }
    }
  }
}
