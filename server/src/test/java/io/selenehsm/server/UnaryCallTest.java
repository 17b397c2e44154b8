package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.LoginCall;
import io.selenehsm.device.ObjectCall;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.server.wire.CallCodec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unary {@code Call} RPC runs a call as a batch of one, through the same path as the stream's
 * batches: short calls and calls that leave the I/O thread both answer, a session belongs to the
 * connection that opened it whichever RPC names it, and a bounded client is refused with the bound
 * and its name.
 */
class UnaryCallTest {
  @TempDir Path home;

  private static <R> R unary(RawCallStream c, SlotCall<R> call) throws Exception {
    return CallCodec.result(
        call, c.unary(30).call(CallCodec.request(ServedHsm.PARTITION_SLOT, call, s -> s.slotId())));
  }

  @Test
  void unaryCallsShareTheConnectionsSessionsWithItsStream() throws Exception {
    try (ServedHsm hsm = ServedHsm.start(home);
        RawCallStream c = new RawCallStream(home);
        RawCallStream other = new RawCallStream(home)) {
      long session = unary(c, new LoginCall.OpenSession(1, true)); // leaves the I/O thread
      unary(c, new LoginCall.Login(session, Role.CRYPTO_OFFICER, ServedHsm.CO_PIN.toCharArray()));
      assertEquals(24, unary(c, new ObjectCall.GenerateRandom(session, 24)).length); // inline
      assertEquals(8, c.one(new ObjectCall.GenerateRandom(session, 8)).length);
      HsmException foreign =
          assertThrows(
              HsmException.class, () -> unary(other, new ObjectCall.GenerateRandom(session, 8)));
      assertEquals(Ckr.SESSION_HANDLE_INVALID, foreign.returnCode());
      assertTrue(
          foreign.getMessage().contains("is not open for this client"), foreign.getMessage());
    }
  }

  @Test
  void aBoundedClientIsRefusedOnTheUnaryCallWithItsNameAndTheBound() throws Exception {
    try (ServedHsm hsm = ServedHsm.startBounded(home, new ServerLimits(4, 1));
        RawCallStream c = new RawCallStream(home)) {
      unary(c, new LoginCall.OpenSession(1, true));
      HsmException refused =
          assertThrows(HsmException.class, () -> unary(c, new LoginCall.OpenSession(1, true)));
      assertEquals(Ckr.SESSION_COUNT, refused.returnCode());
      assertTrue(refused.getMessage().contains("client local#"), refused.getMessage());
      assertTrue(refused.getMessage().contains("has 1 sessions open"), refused.getMessage());
    }
  }
}
