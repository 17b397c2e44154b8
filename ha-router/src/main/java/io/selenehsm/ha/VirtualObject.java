package io.selenehsm.ha;

import java.util.concurrent.ConcurrentHashMap;

/**
 * An object the group acknowledged: its virtual handle, its identity (OUID plus a digest of its
 * readable attributes, since C_CopyObject keeps the OUID) and its handle on each member that
 * holds a copy. A session object belongs to one virtual session.
 */
final class VirtualObject {
  final long handle;
  final String ouid;
  final boolean token;
  /** Owning virtual session of a session object; 0 for a token object. */
  final long owner;
  volatile String digest;
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
