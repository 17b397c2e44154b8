package io.selenehsm.firmware.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditConfigTest {

  @Test
  void appliesShellSettings() throws HsmException {
    AuditConfig c =
        AuditConfig.DEFAULT
            .apply("interval daily")
            .apply("size 4m")
            .apply("evmask all")
            .apply("path /var/log/selene audit");
    assertEquals(RotationInterval.DAILY, c.interval());
    assertEquals(4L * 1024 * 1024, c.sizeLimit());
    assertEquals(EventMask.all(), c.mask());
    assertEquals(Path.of("/var/log/selene audit"), c.path().orElseThrow());
    assertEquals("path /var/log/selene audit\nevmask all\ninterval daily\nsize 4m\n", c.format());
    assertEquals(c, AuditConfig.parse(c.format()));
  }

  @Test
  void masksFormatCanonically() throws HsmException {
    EventMask m = EventMask.parse(" keymgmt:failure, access ,firstsym:success,keymgmt:success");
    assertEquals("access,keymgmt,firstsym:success", m.format());
    assertEquals(m, EventMask.parse(m.format()));
    assertEquals("none", EventMask.none().format());
    assertEquals(EventMask.none(), EventMask.parse("none"));
  }

  @Test
  void sizesUseBinaryUnits() throws HsmException {
    assertEquals(512 * 1024, AuditConfig.parseSize("512k"));
    assertEquals(1000, AuditConfig.parseSize("1000"));
    assertEquals(0, AuditConfig.parseSize("0"));
    assertEquals("512k", AuditConfig.formatSize(512 * 1024));
    assertEquals("1000", AuditConfig.formatSize(1000));
  }

  @Test
  void rejectsBadValuesNamingThem() {
    for (String bad :
        new String[] {
          "interval fortnightly",
          "size 4x",
          "size -1",
          "size",
          "evmask access:sometimes",
          "evmask acess",
          "colour blue",
          "size 2000m"
        }) {
      HsmException e = assertThrows(HsmException.class, () -> AuditConfig.DEFAULT.apply(bad), bad);
      assertEquals(Ckr.ARGUMENTS_BAD, e.returnCode(), bad);
    }
  }

  @Test
  void intervalsEndOnUtcCalendarBoundaries() {
    Instant t = Instant.parse("2025-01-31T10:15:00Z"); // a Friday
    assertEquals(Instant.parse("2025-01-31T11:00:00Z"), RotationInterval.HOURLY.nextBoundary(t));
    assertEquals(Instant.parse("2025-02-01T00:00:00Z"), RotationInterval.DAILY.nextBoundary(t));
    assertEquals(Instant.parse("2025-02-03T00:00:00Z"), RotationInterval.WEEKLY.nextBoundary(t));
    assertEquals(Instant.parse("2025-02-01T00:00:00Z"), RotationInterval.MONTHLY.nextBoundary(t));
    assertEquals(Instant.MAX, RotationInterval.NEVER.nextBoundary(t));
    Instant monday = Instant.parse("2025-02-03T00:00:00Z");
    assertEquals(
        Instant.parse("2025-02-10T00:00:00Z"), RotationInterval.WEEKLY.nextBoundary(monday));
  }
}
