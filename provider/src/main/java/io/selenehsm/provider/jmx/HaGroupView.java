package io.selenehsm.provider.jmx;

import io.selenehsm.ha.HaEvent;
import io.selenehsm.ha.HaGroup;
import io.selenehsm.ha.HaMemberStatus;
import io.selenehsm.ha.MemberState;

/** {@link HaGroupMXBean} over one HA group's status and event log. */
final class HaGroupView implements HaGroupMXBean {
  private final HaGroup group;

  HaGroupView(HaGroup group) {
    this.group = group;
  }

  @Override
  public String getLabel() {
    return group.label();
  }

  @Override
  public String getSerial() {
    return group.serial();
  }

  @Override
  public int getSlotId() {
    return group.slotId();
  }

  @Override
  public int getMemberCount() {
    return group.status().size();
  }

  @Override
  public int getActiveMemberCount() {
    return (int) group.status().stream().filter(m -> m.state() == MemberState.ACTIVE).count();
  }

  @Override
  public String[] getMembers() {
    return group.status().stream().map(HaGroupView::line).toArray(String[]::new);
  }

  private static String line(HaMemberStatus m) {
    return m.serial()
        + " slot "
        + m.slotId()
        + " "
        + m.state()
        + (m.standby() ? " standby" : "")
        + (m.lastError() == null ? "" : ": " + m.lastError());
  }

  @Override
  public String[] getRecentEvents() {
    return group.events().stream().map(HaEvent::toString).toArray(String[]::new);
  }
}
