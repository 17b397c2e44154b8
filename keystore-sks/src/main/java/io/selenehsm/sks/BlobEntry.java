package io.selenehsm.sks;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One stored key: an SKS blob (sealed by the HSM; opaque here), the certificate chain (DER, public,
 * in clear, leaf first) and metadata the store can list without the HSM.
 *
 * @param alias the entry's name, 1 to {@value #MAX_ALIAS_LENGTH} characters
 * @param ouid OUID of the key in the blob (12 bytes), or empty when unknown
 * @param algorithm the key's algorithm as JCA names it ("RSA", "EC", "AES", "Ed25519"...)
 * @param created creation date of the entry (millisecond precision)
 */
public record BlobEntry(
    String alias,
    byte[] blob,
    List<byte[]> certificateChain,
    byte[] ouid,
    String algorithm,
    Instant created) {
  public static final int MAX_ALIAS_LENGTH = 255;
  public static final int MAX_BLOB_BYTES = 64 * 1024;
  public static final int MAX_CHAIN_LENGTH = 16;

  public BlobEntry {
    checkAlias(alias);
    Objects.requireNonNull(blob, "blob");
    if (blob.length == 0 || blob.length > MAX_BLOB_BYTES) {
      throw new IllegalArgumentException(
          "entry " + alias + ": a blob has 1 to " + MAX_BLOB_BYTES + " bytes, not " + blob.length);
    }
    certificateChain =
        certificateChain == null
            ? List.of()
            : certificateChain.stream().map(byte[]::clone).toList();
    if (certificateChain.size() > MAX_CHAIN_LENGTH) {
      throw new IllegalArgumentException(
          "entry " + alias + ": a chain has at most " + MAX_CHAIN_LENGTH + " certificates");
    }
    blob = blob.clone();
    ouid = ouid == null ? new byte[0] : ouid.clone();
    algorithm = algorithm == null ? "" : algorithm;
    created = Instant.ofEpochMilli(Objects.requireNonNull(created, "created").toEpochMilli());
  }

  static void checkAlias(String alias) {
    if (alias == null
        || alias.isEmpty()
        || alias.length() > MAX_ALIAS_LENGTH
        || alias.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "an alias has 1 to "
              + MAX_ALIAS_LENGTH
              + " characters and no control characters: "
              + (alias == null ? "null" : "\"" + alias + "\""));
    }
  }

  @Override
  public byte[] blob() {
    return blob.clone();
  }

  @Override
  public byte[] ouid() {
    return ouid.clone();
  }

  @Override
  public List<byte[]> certificateChain() {
    return certificateChain.stream().map(byte[]::clone).toList();
  }

  public String ouidHex() {
    return HexFormat.of().formatHex(ouid);
  }

  /** The same entry under another alias. */
  public BlobEntry withAlias(String newAlias) {
    return new BlobEntry(newAlias, blob, certificateChain, ouid, algorithm, created);
  }

  /** The same key with another certificate chain (keytool -importcert of a CA reply). */
  public BlobEntry withCertificateChain(List<byte[]> chain) {
    return new BlobEntry(alias, blob, chain, ouid, algorithm, created);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BlobEntry e) || e.certificateChain.size() != certificateChain.size()) {
      return false;
    }
    for (int i = 0; i < certificateChain.size(); i++) {
      if (!Arrays.equals(e.certificateChain.get(i), certificateChain.get(i))) {
        return false;
      }
    }
    return e.alias.equals(alias)
        && Arrays.equals(e.blob, blob)
        && Arrays.equals(e.ouid, ouid)
        && e.algorithm.equals(algorithm)
        && e.created.equals(created);
  }

  @Override
  public int hashCode() {
    return alias.hashCode() * 31 + Arrays.hashCode(blob);
  }

  @Override
  public String toString() {
    return "BlobEntry["
        + alias
        + ", "
        + algorithm
        + ", ouid "
        + ouidHex()
        + ", "
        + blob.length
        + " bytes, "
        + certificateChain.size()
        + " certificate(s), "
        + created
        + "]";
  }
}
