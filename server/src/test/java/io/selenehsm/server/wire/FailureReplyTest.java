package io.selenehsm.server.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.selenehsm.device.AdminCall;
import io.selenehsm.device.LoginCall;
import io.selenehsm.device.ObjectCall;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import org.junit.jupiter.api.Test;

/** Failures cross the wire with their code and message; malformed replies are device errors. */
class FailureReplyTest {
  private static final LoginCall.OpenSession OPEN = new LoginCall.OpenSession(1, true);

  @Test
  void aFailureKeepsItsCodeAndMessage() throws Exception {
    HsmException sent =
        new HsmException(Ckr.PIN_INCORRECT, "Crypto Officer PIN incorrect (2 left)");
    CallReply reply = CallReply.parseFrom(CallCodec.failure(sent).toByteArray());
    HsmException got = assertThrows(HsmException.class, () -> CallCodec.result(OPEN, reply));
    assertEquals(Ckr.PIN_INCORRECT, got.returnCode());
    assertEquals("Crypto Officer PIN incorrect (2 left)", got.detail());
    assertEquals(sent.getMessage(), got.getMessage());
  }

  @Test
  void vendorCodesAboveThirtyTwoBitsSurvive() throws Exception {
    long vendor = 0x80000000L | 0x1234L;
    CallReply reply = CallCodec.failure(new HsmException(vendor, "vendor-defined"));
    HsmException got =
        assertThrows(
            HsmException.class,
            () -> CallCodec.result(OPEN, CallReply.parseFrom(reply.toByteArray())));
    assertEquals(vendor, got.returnCode());
  }

  @Test
  void aFailureWithoutMessageArrivesWithAnEmptyOne() {
    CallReply reply = CallCodec.failure(new HsmException(Ckr.DEVICE_REMOVED, null));
    HsmException got = assertThrows(HsmException.class, () -> CallCodec.result(OPEN, reply));
    assertEquals(Ckr.DEVICE_REMOVED, got.returnCode());
    assertEquals("", got.detail());
  }

  @Test
  void aReplyWithNeitherResultNorFailureIsADeviceError() {
    HsmException e =
        assertThrows(
            HsmException.class, () -> CallCodec.result(OPEN, CallReply.getDefaultInstance()));
    assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
  }

  @Test
  void aResultOfTheWrongKindIsADeviceErrorNamingTheCall() {
    CallReply text =
        CallReply.newBuilder().setResult(Value.newBuilder().setText("not a handle")).build();
    HsmException e = assertThrows(HsmException.class, () -> CallCodec.result(OPEN, text));
    assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
    assertTrue(e.detail().contains("OPEN_SESSION"), e.detail());
    assertTrue(e.detail().contains("expected number, got text"), e.detail());
  }

  @Test
  void aResultMayNotNameASlot() {
    CallReply slot =
        CallReply.newBuilder()
            .setResult(Value.newBuilder().setSlot(SlotRef.newBuilder().setSlot(3)))
            .build();
    HsmException e =
        assertThrows(
            HsmException.class, () -> CallCodec.result(new ObjectCall.GetObjectSize(1, 2), slot));
    assertEquals(Ckr.DEVICE_ERROR, e.returnCode());
  }

  @Test
  void aVoidCallRepliesWithNothingAndReturnsNull() throws Exception {
    AdminCall.Restart restart = new AdminCall.Restart();
    CallReply reply = CallCodec.reply(restart, null);
    assertTrue(reply.getResult().hasNone());
    assertEquals(null, CallCodec.result(restart, reply));
  }

  @Test
  void aResultOfTheWrongJavaTypeIsRefusedOnTheServer() {
    HsmException e = assertThrows(HsmException.class, () -> CallCodec.reply(OPEN, "not a Long"));
    assertEquals(Ckr.GENERAL_ERROR, e.returnCode());
  }
}
