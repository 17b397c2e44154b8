package io.selenehsm.ha;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A session on the virtual slot: one member session per active member, and the member each
 * multi-part operation in progress is pinned to, by kind (sign, verify, encrypt...).
 */
final class VirtualSession {
  final long id;
  final long appId;
  final boolean readWrite;
  final ConcurrentHashMap<String, HaMember> pinned = new ConcurrentHashMap<>();

  VirtualSession(long id, long appId, boolean readWrite) {
    this.id = id;
    this.appId = appId;
    this.readWrite = readWrite;
  }
}
