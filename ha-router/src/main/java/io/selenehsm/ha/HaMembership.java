package io.selenehsm.ha;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Admitting a partition into an HA group ahead of use, as the admin shell's {@code hagroup
 * creategroup} and {@code hagroup addmember} do: the joiner's Crypto Officer password is checked,
 * it must fit the group ({@link GroupRules}: same version, same domain), and a V1 joiner whose SMK
 * is not the group's takes the group's by SMK cloning, so the group validates by SMK fingerprint
 * from then on.
 */
public final class HaMembership {
  /** An application id for the short sessions admission opens. */
  private static final long APP_ID = 0x4841_4a4fL;

  private HaMembership() {}

  /**
   * What admission found and did.
   *
   * @param smk the member's primary SMK fingerprint (hex) after admission; empty for V0
   * @param tookGroupSmk whether it took the group's SMK by SMK cloning
   */
  public record Admission(
      String memberSerial, int version, Optional<String> smk, boolean tookGroupSmk) {}

  /**
   * Admits {@code joining} into the group {@code group} whose current members are {@code current}
   * (empty when creating the group); {@code coPin} is the Crypto Officer password of every
   * partition involved. The first reachable current member is the group's reference (its SMK is the
   * group's). Nothing changes when a check fails.
   */
  public static Admission admit(
      String group, List<Slot> current, Slot joining, char[] coPin, boolean networkReplication)
      throws HsmException {
    List<Long> opened = new ArrayList<>();
    Slot reference = null;
    long referenceSession = 0;
    try {
      for (Slot s : current) {
        if (s == joining) {
          throw new HsmException(
              Ckr.ARGUMENTS_BAD,
              "HA group " + group + " already has " + serialOf(s) + " as a member");
        }
        if (reference == null && s.info().tokenPresent()) {
          referenceSession = officer(s, coPin, opened);
          reference = s;
        }
      }
      if (!current.isEmpty() && reference == null) {
        throw new HsmException(
            Ckr.TOKEN_NOT_PRESENT,
            "HA group "
                + group
                + ": no current member"
                + " can be reached to check the new member against");
      }
      if (joining.info().kind() != SlotInfo.Kind.APPLICATION) {
        throw new HsmException(
            Ckr.SLOT_ID_INVALID,
            "slot "
                + joining.slotId()
                + " is not an application partition and cannot join HA group "
                + group);
      }
      long joiningSession = officer(joining, coPin, opened);
      MemberFacts joiner = HaGroup.readFacts(joining, serialOf(joining));
      if (reference == null) {
        return new Admission(joiner.serial(), joiner.version(), joiner.smk(), false);
      }
      MemberFacts ref = HaGroup.readFacts(reference, serialOf(reference));
      GroupRules.check(group, ref, joiner);
      if (joiner.version() != 1 || ref.smk().isEmpty() || ref.smk().equals(joiner.smk())) {
        return new Admission(joiner.serial(), joiner.version(), joiner.smk(), false);
      }
      byte[] payload =
          reference.cloneSmkOut(
              referenceSession, joining.cloningTarget(joiningSession), networkReplication);
      joining.cloneSmkIn(joiningSession, payload, networkReplication);
      MemberFacts after = HaGroup.readFacts(joining, serialOf(joining));
      if (!after.smk().equals(ref.smk())) {
        throw new HsmException(
            Ckr.DEVICE_ERROR,
            "member " + after.serial() + " did not take the SMK of HA group " + group);
      }
      return new Admission(after.serial(), after.version(), after.smk(), true);
    } finally {
      // Closing the sessions ends the logins admission made.
      closeAll(current, joining, opened);
    }
  }

  private static long officer(Slot s, char[] coPin, List<Long> opened) throws HsmException {
    long session = s.openSession(APP_ID, true);
    opened.add((long) s.slotId());
    opened.add(session);
    try {
      s.login(session, Role.CRYPTO_OFFICER, coPin);
    } catch (HsmException e) {
      if (e.returnCode() != Ckr.USER_ALREADY_LOGGED_IN) {
        throw new HsmException(
            e.returnCode(),
            "Crypto Officer login on " + serialOf(s) + " (slot " + s.slotId() + "): " + e.detail(),
            e);
      }
    }
    return session;
  }

  private static void closeAll(List<Slot> current, Slot joining, List<Long> opened) {
    List<Slot> all = new ArrayList<>(current);
    all.add(joining);
    for (int i = 0; i < opened.size(); i += 2) {
      long slotId = opened.get(i);
      long session = opened.get(i + 1);
      for (Slot s : all) {
        if (s.slotId() == slotId) {
          try {
            s.closeSession(session);
          } catch (HsmException e) {
            // gone or restarted: the session is dead either way
          }
          break;
        }
      }
    }
  }

  static String serialOf(Slot s) {
    SlotInfo info = s.info();
    return info.tokenSerial() != null ? info.tokenSerial() : "slot" + s.slotId();
  }
}
