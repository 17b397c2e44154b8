package io.selenehsm.ha;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import java.util.Optional;

/**
 * Who may form a group, after the vendor's rules: V0 members must share one cloning domain
 * (replication is cloning); V1 members must all be V1 and share one SMK (replication is SKS);
 * V0 and V1 partitions never mix. SMKs are compared only where the device reports one; with no
 * SKS engine attached, V1 members are checked by version and domain only.
 */
final class GroupRules {
  private GroupRules() {}

  /** The facts every member must match, from the members reachable at creation. */
  static MemberFacts validate(String group, List<MemberFacts> members) throws HsmException {
    if (members.isEmpty()) {
      throw new HsmException(Ckr.TOKEN_NOT_PRESENT, "HA group " + group
          + ": no member could be reached to validate the group");
    }
    MemberFacts first = members.get(0);
    for (MemberFacts m : members.subList(1, members.size())) {
      check(group, first, m);
    }
    Optional<String> smk = members.stream().map(MemberFacts::smk).flatMap(Optional::stream)
        .findFirst();
    return new MemberFacts(first.serial(), first.version(), first.domain(), smk);
  }

  /** Checks a member against the group's facts (at creation and whenever it rejoins). */
  static void check(String group, MemberFacts expected, MemberFacts m) throws HsmException {
    if (expected.version() != m.version()) {
      throw new HsmException(Ckr.OPERATION_NOT_ALLOWED, "HA group " + group + " cannot mix V0"
          + " and V1 partitions: member " + m.serial() + " is V" + m.version() + ", member "
          + expected.serial() + " is V" + expected.version());
    }
    if (!expected.domain().equals(m.domain())) {
      throw new HsmException(Ckr.OPERATION_NOT_ALLOWED, "HA group " + group + ": member "
          + m.serial() + " has another cloning domain than member " + expected.serial()
          + "; all members must share one domain");
    }
    if (m.version() == 1 && expected.smk().isPresent() && m.smk().isPresent()
        && !expected.smk().equals(m.smk())) {
      throw new HsmException(Ckr.OPERATION_NOT_ALLOWED, "HA group " + group + ": V1 member "
          + m.serial() + " has another SMK than member " + expected.serial()
          + "; V1 members must share one SMK");
    }
  }
}
