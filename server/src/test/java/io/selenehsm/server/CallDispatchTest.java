package io.selenehsm.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.CryptoCall;
import io.selenehsm.device.LoginCall;
import io.selenehsm.device.ObjectCall;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.server.wire.CallCodec;
import io.selenehsm.server.wire.CallRequest;
import org.junit.jupiter.api.Test;

/**
 * Which calls run on the I/O thread that received them: only short reads and multi-part steps with
 * small requests; everything that may take long (logins, object creation, key generation, large
 * payloads) leaves the I/O thread.
 */
class CallDispatchTest {

  private static CallRequest request(SlotCall<?> call) throws HsmException {
    return CallCodec.request(1, call, slot -> 1);
  }

  @Test
  void smallSignsEncryptsAndRandomRunInline() throws HsmException {
    assertTrue(
        CallService.runsInline(
            request(new CryptoCall.Sign(7, Mechanism.of(Ckm.ECDSA), 9, new byte[32]))));
    assertTrue(
        CallService.runsInline(
            request(new CryptoCall.Encrypt(7, Mechanism.of(Ckm.AES_CBC_PAD), 9, new byte[16384]))));
    assertTrue(CallService.runsInline(request(new ObjectCall.GenerateRandom(7, 16))));
  }

  @Test
  void largePayloadsLeaveTheIoThread() throws HsmException {
    assertFalse(
        CallService.runsInline(
            request(
                new CryptoCall.Encrypt(
                    7, Mechanism.of(Ckm.AES_CBC_PAD), 9, new byte[CallService.SHORT_CALL_BYTES]))));
  }

  @Test
  void loginsAndKeyGenerationLeaveTheIoThread() throws HsmException {
    assertFalse(
        CallService.runsInline(
            request(new LoginCall.Login(7, Role.CRYPTO_OFFICER, "pin".toCharArray()))));
    assertFalse(
        CallService.runsInline(
            request(
                new CryptoCall.GenerateKeyPair(
                    7,
                    Mechanism.of(Ckm.EC_KEY_PAIR_GEN),
                    Attributes.empty(),
                    Attributes.empty()))));
    assertFalse(
        CallService.runsInline(
            request(
                new CryptoCall.GenerateKey(7, Mechanism.of(Ckm.AES_KEY_GEN), Attributes.empty()))));
  }

  @Test
  void anUnknownCallTypeIsLeftToTheCodecToRefuse() {
    assertTrue(CallService.runsInline(CallRequest.newBuilder().setTypeValue(10_000).build()));
  }
}
