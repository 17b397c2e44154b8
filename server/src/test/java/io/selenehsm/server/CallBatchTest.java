package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.CryptoCall;
import io.selenehsm.device.LoginCall;
import io.selenehsm.device.ObjectCall;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.server.wire.CallCodec;
import io.selenehsm.server.wire.CallReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches as the server receives them, sent by hand on one connection's call stream: a batch mixing
 * short calls (run in parallel parts) with long ones (run on the call pool) answers every call,
 * each with its own reply; and a client's bound on calls at once refuses, inside a batch, just the
 * calls beyond it, saying so.
 */
class CallBatchTest {
  @TempDir Path home;

  private static SlotCall<Long> aesKey(long session) {
    return new CryptoCall.GenerateKey(
        session,
        Mechanism.of(Ckm.AES_KEY_GEN),
        Attributes.builder().set(Cka.VALUE_LEN, 16L).build());
  }

  private static long loggedIn(RawCallStream s) throws Exception {
    long session = s.one(new LoginCall.OpenSession(1, true));
    s.one(new LoginCall.Login(session, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray()));
    return session;
  }

  @Test
  void aBatchMixingShortAndLongCallsAnswersEachCallWithItsOwnReply() throws Exception {
    try (ServedHsm hsm = ServedHsm.start(home);
        RawCallStream s = new RawCallStream(home)) {
      long session = loggedIn(s);
      Set<Long> keys = new HashSet<>();
      for (int round = 0; round < 20; round++) {
        List<SlotCall<?>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          calls.add(i % 4 == 3 ? aesKey(session) : new ObjectCall.GenerateRandom(session, 1 + i));
        }
        List<CallReply> replies = s.batch(calls);
        for (int i = 0; i < calls.size(); i++) {
          Object result = CallCodec.result(calls.get(i), replies.get(i));
          if (i % 4 == 3) {
            long key = (Long) result;
            assertTrue(keys.add(key), "two calls got the same key handle");
            // The handle names a key this connection's session can use: destroying it succeeds.
            s.one(new ObjectCall.DestroyObject(session, key));
          } else {
            assertEquals(1 + i, ((byte[]) result).length, "call " + i + " got another's reply");
          }
        }
      }
    }
  }

  @Test
  void aBoundedClientIsRefusedInsideABatchAndTheRefusalSaysSo() throws Exception {
    try (ServedHsm hsm = ServedHsm.startBounded(home, new ServerLimits(1, 4));
        RawCallStream s = new RawCallStream(home)) {
      long session = loggedIn(s);
      int refused = 0;
      int made = 0;
      for (int round = 0; round < 200 && refused == 0; round++) {
        List<SlotCall<?>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          calls.add(aesKey(session)); // long calls: each runs on its own pool thread at once
        }
        List<CallReply> replies = s.batch(calls);
        for (int i = 0; i < calls.size(); i++) {
          try {
            assertTrue((Long) CallCodec.result(calls.get(i), replies.get(i)) != 0);
            made++;
          } catch (HsmException e) {
            assertEquals(Ckr.FUNCTION_FAILED, e.returnCode());
            assertTrue(e.getMessage().contains("already has 1 calls running"), e.getMessage());
            assertTrue(e.getMessage().contains("client local#"), e.getMessage());
            refused++;
          }
        }
      }
      assertTrue(refused > 0, "no call of a batch ever exceeded the bound of one call at once");
      assertTrue(made > 0, "every call was refused");
      // The refusals left the connection usable, and its session in place.
      assertEquals(16, s.one(new ObjectCall.GenerateRandom(session, 16)).length);
    }
  }
}
