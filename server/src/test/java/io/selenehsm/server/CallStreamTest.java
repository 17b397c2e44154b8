package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads of one process share its connection's call stream: every caller gets the reply to
 * its own call, whatever order the server answers in, and short calls mixed with calls that leave
 * the I/O thread (key creation) all complete.
 */
class CallStreamTest {
  @TempDir Path home;

  @Test
  void concurrentCallersEachGetTheirOwnReply() throws Exception {
    try (ServedHsm hsm = ServedHsm.start(home);
        DeviceManager client = hsm.attach()) {
      Slot p = client.slot(ServedHsm.PARTITION_SLOT);
      long login = p.openSession(1, true);
      p.login(login, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray());
      long key =
          p.generateKey(
              login,
              Mechanism.of(Ckm.AES_KEY_GEN),
              Attributes.builder().set(Cka.VALUE_LEN, 32L).set(Cka.SIGN, true).build());
      Slot local = hsm.devices.slot(ServedHsm.PARTITION_SLOT);
      List<Integer> checked =
          ConcurrentCallers.run(
              8,
              600,
              thread -> {
                long s = p.openSession(1, false);
                int calls = 0;
                for (int i = 0; i < 200; i++) {
                  // A message unique to this thread and call: its MAC must be the one the server's
                  // own slot computes for it, so a reply given to the wrong caller would fail here.
                  byte[] data = ByteBuffer.allocate(8).putInt(thread).putInt(i).array();
                  byte[] mac = p.sign(s, Mechanism.of(Ckm.SHA256_HMAC), key, data);
                  p.verify(s, Mechanism.of(Ckm.SHA256_HMAC), key, data, mac);
                  assertEquals(16 + i % 7, p.generateRandom(s, 16 + i % 7).length);
                  if (i % 50 == 0) {
                    long made =
                        p.generateKey(
                            s,
                            Mechanism.of(Ckm.AES_KEY_GEN),
                            Attributes.builder().set(Cka.VALUE_LEN, 16L).build());
                    p.destroyObject(s, made);
                  }
                  calls++;
                }
                p.closeSession(s);
                return calls;
              });
      for (int c : checked) {
        assertEquals(200, c);
      }
      // A wrong MAC is still refused over the stream, with its code.
      HsmException refused =
          assertThrows(
              HsmException.class,
              () -> p.verify(login, Mechanism.of(Ckm.SHA256_HMAC), key, new byte[8], new byte[32]));
      assertEquals(Ckr.SIGNATURE_INVALID, refused.returnCode());
      assertTrue(local.info().tokenPresent());
      p.closeSession(login);
    }
  }
}
