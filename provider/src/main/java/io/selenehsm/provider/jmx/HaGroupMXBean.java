package io.selenehsm.provider.jmx;

/** One HA group (a virtual slot over member partitions): member states and recent events. */
public interface HaGroupMXBean {
  String getLabel();

  String getSerial();

  int getSlotId();

  int getMemberCount();

  /** Members serving operations now (state ACTIVE). */
  int getActiveMemberCount();

  /** One line per member, e.g. {@code "7100 slot 3 ACTIVE"} or {@code "7101 slot 5 DOWN: ..."}. */
  String[] getMembers();

  /** The group's recent events, oldest first (bounded by the group's event log). */
  String[] getRecentEvents();
}
