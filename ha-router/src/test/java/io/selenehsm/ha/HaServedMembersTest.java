package io.selenehsm.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.device.AttachedDevices;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotCall;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.IvParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A group declared in selene.conf whose members are served by a device service (their slots are not
 * {@link DeviceSlot}s of this process but slots whose calls cross to a server): the members are
 * found by device serial as for local devices, so a group can span servers.
 */
class HaServedMembersTest {
  /** The file the server and its same-host clients share: its devices, and a group over them. */
  private static final String GROUP =
      """
      Devices = {
        Device00 = usb, 7100;
        Device01 = usb, 7101;
      }
      VirtualToken = {
        VirtualToken00Label = served;
        VirtualToken00SN = 17100;
        VirtualToken00Members = 7100,7101;
      }
      """;

  /** A slot run elsewhere: every call is passed on, as a remote slot sends it to its server. */
  private record ServedSlot(Slot inner) implements Slot {
    @Override
    public int slotId() {
      return inner.slotId();
    }

    @Override
    public SlotInfo info() {
      return inner.info();
    }

    @Override
    public <R> R call(SlotCall<R> call) throws HsmException {
      return inner.call(call);
    }
  }

  /** The fixture's devices as a same-host server would present them to this process. */
  private static AttachedDevices served(DeviceManager devices) {
    return new AttachedDevices() {
      @Override
      public String describe() {
        return "a test server";
      }

      @Override
      public List<String> deviceSerials() {
        return devices.devices().stream().map(d -> d.serial()).toList();
      }

      @Override
      public List<ServedSlot> slots(int firstId) {
        return devices.slots().all().stream()
            .map(s -> new AttachedDevices.ServedSlot(new HaServedMembersTest.ServedSlot(s), false))
            .toList();
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void aDeclaredGroupFindsMembersThatAServerServes() throws Exception {
    try (HaFixture fx = HaFixture.v0(2);
        DeviceManager client =
            DeviceManager.attachedTo(ClientConfig.parse(GROUP, "client"), served(fx.manager))) {
      Slot found = client.slots().partitionSlot("7101", 1).orElseThrow();
      assertFalse(found instanceof DeviceSlot, "the served slot, not a local one");
      assertEquals(fx.member("7101").slotId(), found.slotId());
      assertEquals(List.of(), client.slots().partitionSlot("7101", 0).stream().toList());
      assertEquals(List.of(), client.slots().partitionSlot("7999", 1).stream().toList());

      HaGroups groups = HaGroups.register(client, fx.clock);
      try {
        HaGroup g = groups.groups().get(0);
        assertEquals(
            List.of(fx.member("7100").slotId(), fx.member("7101").slotId()), g.memberSlotIds());
        assertSame(g, client.slot(g.slotId()));
        long s = HaFixture.login(g);
        long key = HaFixture.aesKey(g, s, true);
        // Made through the group, the key is on both served devices with one OUID.
        assertEquals(fx.tokenOuids("7100"), fx.tokenOuids("7101"));
        assertEquals(1, fx.tokenOuids("7100").size());
        byte[] data = "sixteen bytes!!!".getBytes(StandardCharsets.US_ASCII);
        byte[] iv = new byte[16];
        byte[] ct =
            g.encrypt(s, Mechanism.of(Ckm.AES_CBC, new IvParams(iv)), key, data).ciphertext();
        assertEquals(16, ct.length);
      } finally {
        groups.close();
      }
    }
  }

  @Test
  void aMemberNoServerServesIsNamedInTheRefusal() throws Exception {
    try (HaFixture fx = HaFixture.v0(1);
        DeviceManager client =
            DeviceManager.attachedTo(ClientConfig.parse(GROUP, "client"), served(fx.manager))) {
      HsmException e = assertThrows(HsmException.class, () -> HaGroups.register(client, fx.clock));
      assertEquals(Ckr.SLOT_ID_INVALID, e.returnCode());
      assertEquals(true, e.getMessage().contains("7101"), e.getMessage());
    }
  }
}
