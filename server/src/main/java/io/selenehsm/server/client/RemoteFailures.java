package io.selenehsm.server.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/**
 * What a failed transport means to a caller of the Slot API. A server that cannot be reached is a
 * removed device ({@code CKR_DEVICE_REMOVED}), so an HA group fails over and a caller retries
 * later; a call with no answer in time is a device error; a client the server no longer admits
 * finds the token gone.
 */
final class RemoteFailures {
  private RemoteFailures() {}

  static HsmException of(StatusRuntimeException e, String where, long deadlineMillis) {
    Status s = e.getStatus();
    String detail = s.getDescription() == null ? s.getCode().toString() : s.getDescription();
    return switch (s.getCode()) {
      case UNAVAILABLE, CANCELLED, ABORTED ->
          new HsmException(Ckr.DEVICE_REMOVED, where + " cannot be reached: " + detail, e);
      case DEADLINE_EXCEEDED ->
          new HsmException(
              Ckr.DEVICE_ERROR, where + " did not answer within " + deadlineMillis + " ms", e);
      case PERMISSION_DENIED, UNAUTHENTICATED ->
          new HsmException(Ckr.TOKEN_NOT_PRESENT, where + " refuses this client: " + detail, e);
      default -> new HsmException(Ckr.DEVICE_ERROR, where + " failed the call: " + detail, e);
    };
  }
}
