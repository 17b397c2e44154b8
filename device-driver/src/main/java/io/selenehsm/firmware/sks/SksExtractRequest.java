package io.selenehsm.firmware.sks;

import java.util.List;

/**
 * What to extract into one blob: the objects (handles in the session's partition), the
 * authorization the blob will demand at insert, and whether the objects are destroyed once the blob
 * exists.
 */
public record SksExtractRequest(
    List<Long> handles, SksAuthorization authorization, boolean deleteAfterExtract) {
  public SksExtractRequest {
    handles = List.copyOf(handles);
    authorization = authorization == null ? SksAuthorization.none() : authorization;
  }

  public static SksExtractRequest of(long... handles) {
    return new SksExtractRequest(
        java.util.Arrays.stream(handles).boxed().toList(), SksAuthorization.none(), false);
  }

  public SksExtractRequest withAuthorization(SksAuthorization a) {
    return new SksExtractRequest(handles, a, deleteAfterExtract);
  }

  public SksExtractRequest deletingAfterExtract() {
    return new SksExtractRequest(handles, authorization, true);
  }
}
