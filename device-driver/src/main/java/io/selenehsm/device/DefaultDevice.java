package io.selenehsm.device;

import io.selenehsm.device.config.DeviceDeclaration;
import io.selenehsm.device.config.DeviceKind;
import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/**
 * The device presented when {@code selene.conf} declares none: one Luna USB HSM 7 whose serial is
 * drawn once and kept in {@value #SERIAL_FILE} under SELENE_HOME, so every later run finds the same
 * device and its state.
 */
final class DefaultDevice {
  static final String SERIAL_FILE = "default-device-serial";
  private static final SecureRandom RANDOM = SoftwareProviders.random();

  private DefaultDevice() {}

  /** The default device; with {@code home} null (in memory) a fresh serial each time. */
  static DeviceDeclaration declaration(Path home) throws HsmException {
    String serial = home == null ? newSerial() : persistedSerial(home);
    return new DeviceDeclaration(0, DeviceKind.USB, serial, Map.of());
  }

  /** Seven digits, never starting with 0, like the vendor's USB HSM serials. */
  private static String newSerial() {
    return Integer.toString(1_000_000 + RANDOM.nextInt(9_000_000));
  }

  private static String persistedSerial(Path home) throws HsmException {
    Path file = home.resolve(SERIAL_FILE);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(home);
        Path draft = Files.createTempFile(home, SERIAL_FILE, ".tmp");
        try {
          Files.writeString(draft, newSerial() + "\n", StandardCharsets.US_ASCII);
          // Never replaces: if another process got there first, its serial wins.
          Files.move(draft, file);
        } catch (FileAlreadyExistsException lostTheRace) {
          // Fall through and read the winner's serial.
        } finally {
          Files.deleteIfExists(draft);
        }
      }
      String serial = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (!serial.matches("\\d{1,10}")) {
        throw new HsmException(
            Ckr.GENERAL_ERROR,
            file
                + " should hold the default device's "
                + "serial (1 to 10 digits) but holds '"
                + serial
                + "'");
      }
      return serial;
    } catch (IOException e) {
      throw new HsmException(
          Ckr.GENERAL_ERROR, "cannot keep the default device's serial in " + file + ": " + e, e);
    }
  }
}
