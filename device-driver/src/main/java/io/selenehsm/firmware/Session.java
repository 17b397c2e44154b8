package io.selenehsm.firmware;

import java.util.concurrent.ConcurrentHashMap;

/**
 * An open session: the partition it is on, the application it belongs to (login state is shared by
 * all sessions of one application on one partition, as in PKCS#11) and whether it may write. {@link
 * #operations} holds the state of multi-part operations in progress, keyed by kind.
 */
final class Session {
  final long handle;
  final int partitionId;
  final long appId;
  final boolean readWrite;
  final ConcurrentHashMap<String, Object> operations = new ConcurrentHashMap<>();

  /**
   * The key-use decision of the last single-part operation, re-validated before each reuse (see
   * {@link KeyUseGrant}); a benign race: any grant read is complete and checked against live state.
   */
  KeyUseGrant keyUseGrant;

  Session(long handle, int partitionId, long appId, boolean readWrite) {
    this.handle = handle;
    this.partitionId = partitionId;
    this.appId = appId;
    this.readWrite = readWrite;
  }
}
