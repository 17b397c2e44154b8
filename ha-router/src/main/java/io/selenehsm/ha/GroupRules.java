package io.selenehsm.ha;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import java.util.Optional;

/**
 * Who may form a group, after the vendor's rules: V0 members must share one cloning domain
 * (replication is cloning); V1 members must all be V1 in one domain (replication is SKS, and an SMK
 * clones only within a domain); V0 and V1 partitions never mix. V1 members must also share one SMK,
 * but a member with another SMK (or none yet) is not refused: it takes the group's by SMK cloning
 * when it joins ({@link HaGroup}), as the vendor's V1 HA does.
 */
final class GroupRules {
  private GroupRules() {}

  /**
   * The facts every member must match, from the members reachable at creation; the group's SMK is
   * the first member's that has one.
   */
  static MemberFacts validate(String group, List<MemberFacts> members) throws HsmException {
    if (members.isEmpty()) {
      throw new HsmException(
          Ckr.TOKEN_NOT_PRESENT,
          "HA group " + group + ": no member could be reached to validate the group");
    }
    MemberFacts first = members.get(0);
    for (MemberFacts m : members.subList(1, members.size())) {
      check(group, first, m);
    }
    Optional<String> smk =
        members.stream().map(MemberFacts::smk).flatMap(Optional::stream).findFirst();
    return new MemberFacts(first.serial(), first.version(), first.domain(), smk);
  }

  /** Checks a member against the group's facts (at creation and whenever it rejoins). */
  static void check(String group, MemberFacts expected, MemberFacts m) throws HsmException {
    if (expected.version() != m.version()) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HA group "
              + group
              + " cannot mix V0"
              + " and V1 partitions: member "
              + m.serial()
              + " is V"
              + m.version()
              + ", member "
              + expected.serial()
              + " is V"
              + expected.version());
    }
    if (!expected.domain().equals(m.domain())) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HA group "
              + group
              + ": member "
              + m.serial()
              + " has another cloning domain than member "
              + expected.serial()
              + "; all members must share one domain");
    }
  }
}
