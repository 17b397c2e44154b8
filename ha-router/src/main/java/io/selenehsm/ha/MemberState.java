package io.selenehsm.ha;

/** Where a member stands in its group (the CA_GetCurrentHAState view). */
public enum MemberState {
  /** Serving operations and receiving replicas. */
  ACTIVE,
  /** Lost; background recovery probes it every AutoReconnectInterval. */
  DOWN,
  /** Answering again; sessions, logins and objects are being brought in line before it rejoins. */
  SYNCING,
  /** Out of the group: recovery gave up after reconnAtt attempts, or it does not fit the group. */
  OUT
}
