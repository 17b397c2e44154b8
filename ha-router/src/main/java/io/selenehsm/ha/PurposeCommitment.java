package io.selenehsm.ha;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.KeyPurpose;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's key separation seen from a group: which keys are still uncommitted, the attribute
 * change that commits one, and the attribute sets a member copy may show when it differs from the
 * group's record by a commitment only.
 *
 * <p>Why: the engine commits a key on the member that serves its first use, so through a group the
 * copies would diverge (one member encrypts, another wraps). The group commits on every member
 * first, as one replicated attribute change, using these rules.
 */
final class PurposeCommitment {
  private static final long[] DATA_PAIR = {Cka.ENCRYPT, Cka.DECRYPT};
  private static final long[] KEY_PAIR = {Cka.WRAP, Cka.UNWRAP};

  private PurposeCommitment() {}

  /** True for a secret or private key that may still take either kind of use. */
  static boolean isUncommitted(Attributes a) {
    long cls = a.ulong(Cka.CLASS, -1);
    return (cls == Cko.SECRET_KEY || cls == Cko.PRIVATE_KEY)
        && !a.bool(Cka.DUAL_PURPOSE, false)
        && KeyPurpose.isDual(a);
  }

  /** True for a key committed to one kind: it has a usage of one kind and none of the other. */
  static boolean isCommitted(Attributes a) {
    long cls = a.ulong(Cka.CLASS, -1);
    return (cls == Cko.SECRET_KEY || cls == Cko.PRIVATE_KEY)
        && !a.bool(Cka.DUAL_PURPOSE, false)
        && anyTrue(a, DATA_PAIR) != anyTrue(a, KEY_PAIR);
  }

  /**
   * The usage kind a committed key keeps: {@link Cka#ENCRYPT} for data, {@link Cka#WRAP} for keys.
   */
  static long keptUse(Attributes committed) {
    return anyTrue(committed, KEY_PAIR) ? Cka.WRAP : Cka.ENCRYPT;
  }

  /**
   * The change that commits an uncommitted key to {@code usage}: the other kind's attributes that
   * are true go to false (true to false is a change PKCS#11 and the engine always allow).
   */
  static Attributes change(Attributes a, long usage) {
    Attributes.Builder b = Attributes.builder();
    for (long type : KeyPurpose.isKeyUse(usage) ? DATA_PAIR : KEY_PAIR) {
      if (a.bool(type, false)) {
        b.set(type, false);
      }
    }
    return b.build();
  }

  static Attributes applied(Attributes a, Attributes change) {
    return a.toBuilder().putAll(change).build();
  }

  /**
   * The attribute sets an uncommitted copy would have once committed, either by the group's change
   * or by the engine's own commit (which also writes the absent attributes as false), with the
   * change to make on the copy to reach each of them.
   */
  static List<Candidate> commitments(Attributes uncommitted) {
    List<Candidate> out = new ArrayList<>();
    for (long usage : new long[] {Cka.ENCRYPT, Cka.WRAP}) {
      Attributes groupChange = change(uncommitted, usage);
      out.add(new Candidate(applied(uncommitted, groupChange), groupChange, usage));
      Attributes engine = KeyPurpose.commit(uncommitted, usage);
      Attributes.Builder engineChange = Attributes.builder();
      for (long type : KeyPurpose.isKeyUse(usage) ? DATA_PAIR : KEY_PAIR) {
        engineChange.set(type, false);
      }
      out.add(new Candidate(engine, engineChange.build(), usage));
    }
    return out;
  }

  /**
   * The attribute sets a committed copy may have had before its commitment: each attribute of the
   * cleared kind that is false was true or absent before, or was false already.
   */
  static List<Attributes> origins(Attributes committed) {
    long[] cleared = keptUse(committed) == Cka.WRAP ? DATA_PAIR : KEY_PAIR;
    List<Attributes> out = new ArrayList<>();
    out.add(committed);
    for (long type : cleared) {
      if (!committed.has(type) || committed.bool(type, true)) {
        continue;
      }
      List<Attributes> next = new ArrayList<>(out);
      for (Attributes a : out) {
        next.add(a.toBuilder().set(type, true).build());
        next.add(a.toBuilder().remove(type).build());
      }
      out = next;
    }
    out.remove(0); // the copy as it is has no match already
    out.removeIf(a -> !KeyPurpose.isDual(a));
    return out;
  }

  private static boolean anyTrue(Attributes a, long[] types) {
    for (long t : types) {
      if (a.bool(t, false)) {
        return true;
      }
    }
    return false;
  }

  /** A committed attribute set and the change that turns the uncommitted copy into it. */
  record Candidate(Attributes committed, Attributes change, long usage) {}
}
