package io.selenehsm.firmware.quorum;

import static io.selenehsm.firmware.quorum.IKeyTest.LIGHT;
import static io.selenehsm.firmware.quorum.IKeyTest.RANDOM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class QuorumAuthenticatorProperties {

  @Property(tries = 40)
  void aWrongPinOnAnyOneKeyIsCaughtOnlyByTheVerifier(
      @ForAll @IntRange(min = 1, max = 6) int n,
      @ForAll @IntRange(min = 1, max = 6) int mSeed,
      @ForAll @IntRange(min = 0, max = 5) int victimSeed)
      throws HsmException {
    int m = 1 + (mSeed - 1) % n;
    int victim = victimSeed % m;
    byte[] s = new byte[32];
    RANDOM.nextBytes(s);
    List<IKey> keys = new ArrayList<>();
    for (IKey k : IKey.mint(IKeyColor.GRAY, "CU", s, m, n, RANDOM)) {
      keys.add(k.withPin(("1" + k.index() + "00").toCharArray(), LIGHT, RANDOM));
    }
    QuorumVerifier cu = QuorumVerifier.create(IKeyColor.GRAY, m, n, s, RANDOM);
    ScriptedPed ped = new ScriptedPed().insert(keys.subList(0, m));
    for (int i = 0; i < m; i++) {
      ped.type(i == victim ? "9999" : "1" + (i + 1) + "00");
    }
    HsmException e =
        assertThrows(HsmException.class, () -> new QuorumAuthenticator(ped).authenticate(cu, "CU"));
    assertEquals(Ckr.PIN_INCORRECT, e.returnCode());

    ScriptedPed right = new ScriptedPed().insert(keys.subList(n - m, n));
    for (int i = n - m; i < n; i++) {
      right.type("1" + (i + 1) + "00");
    }
    assertArrayEquals(s, new QuorumAuthenticator(right).authenticate(cu, "CU"));
  }
}
