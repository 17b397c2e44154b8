package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.role.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider configured from a selene.conf that declares an HA group uses the group's virtual slot
 * like any other: found by label, one login, keys on every member.
 */
class HaProviderTest {
  private static final char[] PW = "password1".toCharArray();
  private static final String CO = "password2";

  @Test
  void theVirtualSlotOfADeclaredGroupServesTheProvider(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("selene.conf");
    Files.writeString(
        conf,
        """
        CardReader = { LunaG5Slots = 0; LunaG7Slots = 0; }
        Devices = {
          Device00 = usb, 7100, factory=zeroized, home=%s;
          Device01 = usb, 7101, factory=zeroized, home=%s;
        }
        VirtualToken = {
          VirtualToken00Label = payments;
          VirtualToken00SN = 17100;
          VirtualToken00Members = 7100,7101;
        }
        """
            .formatted(dir.resolve("d0"), dir.resolve("d1")));
    try (DeviceManager m = DeviceManager.open(ClientConfig.parse(conf), dir.resolve("home"))) {
      for (String serial : new String[] {"7100", "7101"}) {
        DeviceSlot admin = m.slots().adminSlot(serial).orElseThrow();
        DeviceSlot app = m.slots().applicationSlot(serial, 1).orElseThrow();
        long a = admin.openSession(1, true);
        admin.initHsm(a, "hsm", PW, "blue", null);
        admin.login(a, Role.HSM_SO, PW);
        admin.createPartition(a, app.slotId(), 0);
        long s = app.openSession(2, true);
        app.initPartition(s, "p" + serial, PW, "blue", null);
        app.login(s, Role.PARTITION_SO, PW);
        app.initRole(s, Role.CRYPTO_OFFICER, PW);
        app.logout(s);
        app.login(s, Role.CRYPTO_OFFICER, PW);
        app.changePin(s, PW, CO.toCharArray());
      }
    }
    SeleneProvider provider = (SeleneProvider) new SeleneProvider().configure(conf.toString());
    try {
      SlotManager slots = provider.getSlotManager();
      int slot = slots.findSlotFromLabel("payments");
      assertEquals(
          SlotInfo.Kind.HA_VIRTUAL,
          provider.deviceManager().slots().list().stream()
              .filter(i -> i.slotId() == slot)
              .findFirst()
              .orElseThrow()
              .kind());
      slots.login("payments", CO);
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", provider);
      kpg.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = kpg.generateKeyPair();
      byte[] data = "through the group".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 4; i++) { // round robin: both members sign
        Signature signer = Signature.getInstance("SHA256withECDSA", provider);
        signer.initSign(pair.getPrivate());
        signer.update(data);
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(data);
        assertTrue(verifier.verify(sig));
      }
      // A member lost under the provider: the next operation fails over to the other one.
      DeviceFaults.unplug("7100");
      try {
        for (int i = 0; i < 3; i++) {
          Signature signer = Signature.getInstance("SHA256withECDSA", provider);
          signer.initSign(pair.getPrivate());
          signer.update(data);
          assertTrue(signer.sign().length > 0);
        }
      } finally {
        DeviceFaults.restore("7100");
      }
    } finally {
      provider.close();
    }
  }
}
