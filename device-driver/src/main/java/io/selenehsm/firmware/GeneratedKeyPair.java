package io.selenehsm.firmware;

import io.selenehsm.firmware.object.Attributes;

/**
 * What C_GenerateKeyPair made: both handles and each half's attributes as the generating session
 * may read them (what C_GetAttributeValue would answer right after, OUID and usage count included;
 * sensitive values left out by the same rules). A caller that builds key objects from it needs no
 * second call.
 */
public record GeneratedKeyPair(
    long publicHandle,
    long privateHandle,
    Attributes publicAttributes,
    Attributes privateAttributes) {

  /** The handles as C_GenerateKeyPair numbers them: {public, private}. */
  public long[] handles() {
    return new long[] {publicHandle, privateHandle};
  }

  /** The same pair under other handles (a router's virtual handles for member ones). */
  public GeneratedKeyPair withHandles(long publicHandle, long privateHandle) {
    return new GeneratedKeyPair(publicHandle, privateHandle, publicAttributes, privateAttributes);
  }
}
