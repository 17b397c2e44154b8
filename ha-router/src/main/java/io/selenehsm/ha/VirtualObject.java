package io.selenehsm.ha;

import java.util.concurrent.ConcurrentHashMap;

/**
 * An object the group acknowledged: its virtual handle, its identity (OUID plus a digest of its
 * readable attributes, since C_CopyObject keeps the OUID) and its handle on each member that holds
 * a copy. A session object belongs to one virtual session.
 */
final class VirtualObject {
  final long handle;
  final String ouid;
  final boolean token;

  /** Owning virtual session of a session object; 0 for a token object. */
  final long owner;

  volatile String digest;

  /**
   * True once the key's purpose is settled on every member (committed by the group, fixed by its
   * template, dual-purpose, or not a key): its encrypt/decrypt/wrap/unwrap then costs no check.
   */
  volatile boolean purposeSettled;

  /**
   * The kind the group committed the key to ({@code CKA_ENCRYPT} for data, {@code CKA_WRAP} for
   * keys), 0 while none: a copy that missed the commitment is brought to this kind.
   */
  volatile long committedUse;

  /** The modulus of an RSA public key: a wrap under it commits the private keys sharing it. */
  volatile byte[] publicModulus;

  final ConcurrentHashMap<HaMember, Long> copies = new ConcurrentHashMap<>();

  VirtualObject(long handle, String ouid, String digest, boolean token, long owner) {
    this.handle = handle;
    this.ouid = ouid;
    this.digest = digest;
    this.token = token;
    this.owner = owner;
  }

  String identity() {
    return ouid + "/" + digest;
  }
}
