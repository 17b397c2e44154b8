package io.selenehsm.firmware.quorum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.quorum.SecretSharing.Share;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IKeyTest {
  static final SecureRandom RANDOM = new SecureRandom();

  /** Cheap Argon2 parameters: the tests exercise the format, not the cost. */
  static final PinKdf LIGHT = new PinKdf(64, 1, 1);

  @TempDir Path dir;

  @Test
  void fileRoundTrip() throws IOException, HsmException {
    IKey key =
        IKey.mint(IKeyColor.WHITE, "Auditor of 150112", new byte[32], 2, 3, RANDOM)
            .get(1)
            .withPin("123456".toCharArray(), LIGHT, RANDOM);
    Path file = dir.resolve("white-2.ikey");
    key.write(file);
    IKey back = IKey.read(file);
    assertEquals(key, back);
    assertTrue(back.hasPin());
    assertEquals(2, back.index());
    assertEquals("white iKey 'Auditor of 150112' split 2 of 2 of 3 (PIN)", back.toString());
  }

  @Test
  void aWrongPinGivesAWrongShareWithoutAnyError() throws HsmException {
    IKey plain = IKey.mint(IKeyColor.BLACK, "CO", new byte[32], 1, 1, RANDOM).get(0);
    IKey locked = plain.withPin("98765".toCharArray(), LIGHT, RANDOM);
    Share right = locked.share("98765".toCharArray());
    Share wrong = locked.share("98764".toCharArray());
    assertEquals(plain.share(null), right);
    assertNotEquals(right, wrong);
    assertFalse(locked.encode().contains(java.util.HexFormat.of().formatHex(right.value())));
  }

  @Test
  void pinsAreFourToFortyEightDigitsNotStartingWithZero() {
    IKey key = IKey.mint(IKeyColor.BLUE, "SO", new byte[32], 1, 1, RANDOM).get(0);
    assertEquals(Ckr.PIN_LEN_RANGE, pinError(key, "123"));
    assertEquals(Ckr.PIN_LEN_RANGE, pinError(key, "1".repeat(49)));
    assertEquals(Ckr.PIN_INVALID, pinError(key, "0123"));
    assertEquals(Ckr.PIN_INVALID, pinError(key, "12a4"));
  }

  private static long pinError(IKey key, String pin) {
    return assertThrows(HsmException.class, () -> key.withPin(pin.toCharArray(), LIGHT, RANDOM))
        .returnCode();
  }

  @Test
  void malformedFilesAreRejected() throws HsmException {
    IKey key = IKey.mint(IKeyColor.RED, "domain", new byte[32], 2, 2, RANDOM).get(0);
    String good = key.encode();
    for (String bad :
        List.of(
            "",
            "hello\n",
            good.replace("color red", "color purple"),
            good.replace("split 1 of 2 of 2", "split 3 of 2 of 2"),
            good.replace("pin none", "pin some"),
            good.substring(0, good.length() - 1))) {
      assertEquals(
          Ckr.DATA_INVALID,
          assertThrows(HsmException.class, () -> IKey.parse(bad), bad).returnCode());
    }
    assertArrayEquals(key.share(null).value(), IKey.parse(good).share(null).value());
  }
}
