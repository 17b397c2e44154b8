package io.selenehsm.ha;

import io.selenehsm.device.HandleMap;
import io.selenehsm.device.Slot;
import io.selenehsm.firmware.time.Scheduler;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One member of a group as the group tracks it: its slot, its state, and its session for each of
 * the group's virtual sessions. State changes happen under the group's locks; reads are volatile.
 */
final class HaMember {
  final Slot slot;
  final String serial;
  final boolean standby;
  volatile MemberState state = MemberState.ACTIVE;
  volatile String lastError;

  /** Set when it rejoined while no application was logged in: objects are checked at login. */
  volatile boolean needsSync;

  /** V1: fingerprint (hex) of its primary SMK as last read; empty without one. */
  volatile Optional<String> smk = Optional.empty();

  /** V1: held out of rotation until a Crypto Officer login lets it take the group's SMK. */
  volatile boolean awaitingSmk;

  final AtomicInteger attempts = new AtomicInteger();

  /** Probes in a row while the whole group was lost: paces the fast backoff. */
  final AtomicInteger lostProbes = new AtomicInteger();

  /** Set while a recovery attempt runs, so a forced and a scheduled probe never overlap. */
  final AtomicBoolean probing = new AtomicBoolean();

  /** Out because it does not fit the group (rules, password), not because recovery gave up. */
  volatile boolean misfit;

  /**
   * It may hold objects of an abandoned creation whose OUIDs were never read (it was lost right
   * after making them): its next reconciliation removes what the group does not know and adopts
   * nothing.
   */
  volatile boolean mayHoldLeftovers;

  volatile Scheduler.Task recovery;

  /** Member sessions of virtual sessions that ended while it was lost; closed when it returns. */
  final ConcurrentLinkedQueue<Long> orphanSessions = new ConcurrentLinkedQueue<>();

  /**
   * The group's handles as this member knows them; set once by the group's router before the group
   * is published.
   */
  HandleMap handles;

  /** Virtual session id -> this member's session handle. */
  final ConcurrentHashMap<Long, Long> sessions = new ConcurrentHashMap<>();

  HaMember(Slot slot, String serial, boolean standby) {
    this.slot = slot;
    this.serial = serial;
    this.standby = standby;
  }

  boolean active() {
    return state == MemberState.ACTIVE;
  }

  HaMemberStatus status() {
    return new HaMemberStatus(serial, slot.slotId(), state, standby, attempts.get(), lastError);
  }

  @Override
  public String toString() {
    return "member " + serial + " (slot " + slot.slotId() + ")";
  }
}
