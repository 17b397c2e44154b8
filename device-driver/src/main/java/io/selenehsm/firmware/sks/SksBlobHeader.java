package io.selenehsm.firmware.sks;

import java.time.Instant;
import java.util.HexFormat;

/**
 * The clear header of an SKS blob, readable without the SMK: who made it, under which SMK, how many
 * objects it holds and what authorization it demands. Parsing it checks structure only; only an
 * insert (inside the HSM) verifies the blob's integrity.
 *
 * @param version blob format version
 * @param partitionSerial serial of the partition that extracted the blob
 * @param smkFingerprint fingerprint (16 bytes) of the SMK the blob is sealed under
 * @param created when the blob was made
 * @param form the authorization an insert must present
 * @param threshold how many of the {@code verifierCount} passwords an insert needs
 * @param objectCount objects in the blob
 * @param length the whole blob's length in bytes
 */
public record SksBlobHeader(
    int version,
    String partitionSerial,
    byte[] smkFingerprint,
    Instant created,
    SksAuthorization.Form form,
    int threshold,
    int verifierCount,
    int objectCount,
    int length) {

  public String smkFingerprintHex() {
    return HexFormat.of().formatHex(smkFingerprint);
  }

  /** Parses a blob's header; a malformed one throws with CKR_SIM_CORRUPT_DATA. */
  public static SksBlobHeader parse(byte[] blob) throws io.selenehsm.firmware.rc.HsmException {
    return SksBlobFormat.parse(blob).header();
  }
}
