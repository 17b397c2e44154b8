package io.selenehsm.device;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.sks.SksExtractRequest;

/**
 * Translates the session and object handles a call carries, for a slot that serves calls on another
 * slot's handles (an HA group's member, for one). See {@link SlotCall#withHandles}.
 */
public interface HandleMap {
  long session(long session) throws HsmException;

  long object(long handle) throws HsmException;

  /** An extraction request naming the same objects by their translated handles. */
  default SksExtractRequest objects(SksExtractRequest request) throws HsmException {
    long[] mapped = new long[request.handles().size()];
    for (int i = 0; i < mapped.length; i++) {
      mapped[i] = object(request.handles().get(i));
    }
    SksExtractRequest out = SksExtractRequest.of(mapped).withAuthorization(request.authorization());
    return request.deleteAfterExtract() ? out.deletingAfterExtract() : out;
  }
}
