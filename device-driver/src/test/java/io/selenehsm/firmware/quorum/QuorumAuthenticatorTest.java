package io.selenehsm.firmware.quorum;

import static io.selenehsm.firmware.quorum.IKeyTest.LIGHT;
import static io.selenehsm.firmware.quorum.IKeyTest.RANDOM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuorumAuthenticatorTest {
  private final byte[] secret = new byte[32];
  private final List<IKey> blue;
  private final QuorumVerifier so;

  @TempDir Path dir;

  QuorumAuthenticatorTest() throws HsmException {
    RANDOM.nextBytes(secret);
    List<IKey> minted = IKey.mint(IKeyColor.BLUE, "HSM SO", secret, 3, 5, RANDOM);
    blue = new ArrayList<>(minted);
    blue.set(1, minted.get(1).withPin("2468".toCharArray(), LIGHT, RANDOM));
    so = QuorumVerifier.create(IKeyColor.BLUE, 3, 5, secret, RANDOM);
  }

  private byte[] login(ScriptedPed ped) throws HsmException {
    return new QuorumAuthenticator(ped).authenticate(so, "HSM SO");
  }

  private static long code(org.junit.jupiter.api.function.Executable e) {
    return assertThrows(HsmException.class, e).returnCode();
  }

  @Test
  void anyThreeOfFiveAuthenticate() throws HsmException {
    assertArrayEquals(
        secret,
        login(new ScriptedPed().insert(blue.get(4), blue.get(1), blue.get(2)).type("2468")));
    assertArrayEquals(
        secret, login(new ScriptedPed().insert(blue.get(0), blue.get(3), blue.get(4))));
  }

  @Test
  void aWrongPinFailsOnlyAtReassemblyAndCounts() {
    ScriptedPed ped = new ScriptedPed().insert(blue.get(1), blue.get(0), blue.get(2)).type("1357");
    HsmException e = assertThrows(HsmException.class, () -> login(ped));
    assertEquals(Ckr.PIN_INCORRECT, e.returnCode());
    assertTrue(QuorumAuthenticator.isFailedAttempt(e));
    assertEquals(0, ped.pendingKeys()); // every key was taken before the verdict
  }

  @Test
  void keysOfAnotherSecretCount() {
    List<IKey> other = IKey.mint(IKeyColor.BLUE, "HSM SO", new byte[32], 3, 5, RANDOM);
    assertEquals(
        Ckr.PIN_INCORRECT, code(() -> login(new ScriptedPed().insert(other.subList(0, 3)))));
    assertEquals(
        Ckr.PIN_INCORRECT,
        code(() -> login(new ScriptedPed().insert(blue.get(0), blue.get(2), other.get(3)))));
  }

  @Test
  void presentationMistakesDoNotCount() {
    List<IKey> black = IKey.mint(IKeyColor.BLACK, "CO", secret, 3, 5, RANDOM);
    for (ScriptedPed ped :
        List.of(
            new ScriptedPed().insert(blue.get(0), black.get(1), blue.get(2)),
            new ScriptedPed().insert(blue.get(0), blue.get(2)),
            new ScriptedPed().insert(blue.get(0), blue.get(0).duplicate(), blue.get(2)))) {
      HsmException e = assertThrows(HsmException.class, () -> login(ped));
      assertEquals(Ckr.ARGUMENTS_BAD, e.returnCode(), e.getMessage());
      assertFalse(QuorumAuthenticator.isFailedAttempt(e));
    }
    HsmException noPin =
        assertThrows(HsmException.class, () -> login(new ScriptedPed().insert(blue.subList(0, 3))));
    assertEquals(Ckr.FUNCTION_CANCELED, noPin.returnCode());
    assertFalse(QuorumAuthenticator.isFailedAttempt(noPin));
  }

  @Test
  void consolePedReadsKeyFilesAndPins() throws IOException, HsmException {
    List<String> script = new ArrayList<>();
    for (int i : new int[] {0, 1, 3}) {
      Path f = dir.resolve("blue-" + i + ".ikey");
      blue.get(i).write(f);
      script.add(f.toString());
    }
    script.add(1, dir.resolve("missing.ikey").toString());
    script.add("2468");
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    ConsolePed ped =
        new ConsolePed(
            new BufferedReader(new StringReader(String.join("\n", script) + "\n")),
            new PrintStream(screen, true, StandardCharsets.UTF_8));
    assertArrayEquals(secret, new QuorumAuthenticator(ped).authenticate(so, "HSM SO"));
    String shown = screen.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains("Please attend to the PED."), shown);
    assertTrue(shown.contains("Insert blue iKey 3 of 3"), shown);
    assertTrue(shown.contains("Cannot read an iKey from"), shown);
    assertTrue(
        shown.contains("Enter the PIN of blue iKey 'HSM SO' split 2 of 3 of 5 (PIN)"), shown);
  }

  @Test
  void consolePedWritesIssuedKeys() throws IOException, HsmException {
    Path target = dir.resolve("new-red.ikey");
    IKey red = IKey.mint(IKeyColor.RED, "domain", secret, 1, 1, RANDOM).get(0);
    ConsolePed ped =
        new ConsolePed(
            new BufferedReader(new StringReader(target + "\n")),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    ped.issue(List.of(red), "Creating the red domain iKey");
    assertEquals(red, IKey.read(target));
    assertEquals(
        Ckr.FUNCTION_CANCELED,
        code(
            () ->
                new ConsolePed(
                        new BufferedReader(new StringReader("")),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .issue(List.of(red), "again")));
  }

  @Test
  void verifierRoundTrips() throws HsmException {
    QuorumVerifier back = QuorumVerifier.parse(so.encode());
    assertEquals(so, back);
    assertTrue(back.matches(secret));
    assertEquals(Ckr.DEVICE_ERROR, code(() -> QuorumVerifier.parse("selene-quorum 1 blue 3")));
  }
}
