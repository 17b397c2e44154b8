package io.selenehsm.ha;

/** One entry of the HA event log. {@code nanos} is the group ticker's reading. */
public record HaEvent(long nanos, Kind kind, String member, String detail) {
  public enum Kind {
    MEMBER_FAILED,
    RECOVERY_ATTEMPT,
    RECOVERY_FAILED,
    RESYNC,
    MEMBER_REJOINED,
    MEMBER_OUT,
    GROUP_LOST,
    GROUP_RECOVERED
  }

  @Override
  public String toString() {
    return kind + (member == null ? "" : " " + member) + ": " + detail;
  }
}
