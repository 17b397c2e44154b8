package io.selenehsm.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What each annotation attribute changes. */
class OptionsTest {
  @Nested
  @SeleneHsm(version = SeleneHsm.PartitionVersion.V0)
  class VersionZero {
    @Test
    void thePartitionIsVersionZero(SeleneHsmAdmin admin) throws Exception {
      assertEquals(0, admin.devices().slot(admin.slot()).partitionInfo().version());
    }
  }

  @Nested
  @SeleneHsm
  class VersionOneByDefault {
    @Test
    void thePartitionIsVersionOne(SeleneHsmAdmin admin) throws Exception {
      assertEquals(1, admin.devices().slot(admin.slot()).partitionInfo().version());
    }
  }

  @Nested
  @SeleneHsm(fips = true)
  class FipsMode {
    @Test
    void aShortRsaKeyIsRefusedAndALongOneIsMade(SeleneProvider selene) throws Exception {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", selene);
      g.initialize(1024);
      RuntimeException e = assertThrows(RuntimeException.class, g::generateKeyPair);
      SeleneCryptokiException cause = find(e);
      assertEquals(Ckr.KEY_SIZE_RANGE, cause.getReturnCode(), cause.getMessage());
      g.initialize(2048);
      assertNotNull(g.generateKeyPair().getPrivate());
    }
  }

  @Nested
  @SeleneHsm
  class NotFips {
    @Test
    void aShortRsaKeyIsMade(SeleneProvider selene) throws Exception {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", selene);
      g.initialize(1024);
      assertNotNull(g.generateKeyPair().getPrivate());
    }
  }

  @Nested
  @SeleneHsm(haMembers = 2, lifetime = SeleneHsm.Lifetime.PER_CLASS)
  class HaGroupOfTwo {
    @Test
    void theProviderWorksOnTheGroupAndSurvivesLosingAMember(
        SeleneHsmAdmin admin, SeleneProvider selene) throws Exception {
      SlotInfo info = admin.devices().slot(admin.slot()).info();
      assertEquals(SlotInfo.Kind.HA_VIRTUAL, info.kind());
      assertEquals(2, admin.deviceSerials().size());
      KeyPair pair = AdminActionsTest.ecPair(selene);
      admin.unplug(0);
      try {
        for (int i = 0; i < 4; i++) {
          Signature s = Signature.getInstance("SHA256withECDSA", selene);
          s.initSign(pair.getPrivate());
          s.update(new byte[] {(byte) i});
          assertTrue(s.sign().length > 0, "signs with one member gone");
        }
      } finally {
        admin.restore(0);
      }
    }
  }

  private static SeleneCryptokiException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SeleneCryptokiException s) {
        return s;
      }
    }
    throw new AssertionError("no SeleneCryptokiException in " + t, t);
  }
}
