/**
 * Client-side HA groups: one virtual slot ({@link io.selenehsm.ha.HaGroup}) implementing the Slot
 * API over member partition slots on one or more devices.
 *
 * <p>The package owns the group's behaviour and nothing of a member's: routing each call by its
 * kind (status and single-part reads on any member with failover, multi-part operations pinned to
 * one member, creations replicated to every member, changes applied everywhere, administration
 * refused), replication by cloning (V0) or SKS under a shared SMK (V1), failure detection, recovery
 * and resynchronisation of members, key-purpose commitment across members, the group's event log,
 * and reading HA groups from the client configuration ({@link io.selenehsm.ha.HaGroups}).
 *
 * <p>Public: {@code HaGroup} (with its builder), {@code HaGroups}, {@code HaSettings}, {@code
 * HaMembership}, {@code HaMemberStatus}, {@code HaEvent}, {@code MemberState}. Everything else is
 * package-private; {@code HaGroup}'s class comment lists the concerns and where each lives.
 */
package io.selenehsm.ha;
