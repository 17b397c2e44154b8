package io.selenehsm.device;

/**
 * What a router needs to know about a call to route it; every {@link SlotCall} has one. An HA group
 * serves each kind one way: status reads and single-part reads from any member with failover,
 * multi-part calls on the member that holds the operation, object-creating calls replicated to
 * every member, changes applied on every member, administration refused.
 */
public enum CallKind {
  /** Reads the slot's or device's state without a session. */
  STATUS,
  /** Opens, closes or logs a session in or out; changes role secrets. */
  SESSION,
  /** Reads or computes from stored objects without changing them. */
  READ,
  /** One step of an operation whose state stays in the device between calls. */
  MULTI_PART,
  /** Creates objects; the result names them. */
  CREATE,
  /** Changes or destroys stored objects or partition state. */
  CHANGE,
  /** Administers the HSM, a partition or the audit log on one device. */
  ADMIN
}
