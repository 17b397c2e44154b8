package io.selenehsm.ha;

import io.selenehsm.device.CryptoCall;
import io.selenehsm.device.MultiPartCall;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.KeyPurpose;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Key separation across members: the engine commits an uncommitted key (it may encrypt/decrypt or
 * wrap/unwrap) on the member that serves its first use. Through a group the other copies would stay
 * uncommitted and an attacker could wrap on one member and decrypt on another, so before a key's
 * first encrypt, decrypt, wrap or unwrap through the group (and before a wrap under an RSA public
 * key, for the private halves) the group commits it on every member.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>How.</b> One replicated attribute change (the kind a member already committed its copy
 *       to wins), or, when the session may not change the key, the same kind of use on every
 *       member, read back. The recorded identity follows.
 *   <li><b>Guards.</b> Settling is serialised per object (its monitor), so two first uses of
 *       different kinds end with one kind everywhere. {@code VirtualObject.purposeSettled} is a
 *       volatile flag set last: later uses cost one volatile read, and a use that reads it false
 *       while another thread settles waits on the monitor and then sees it true.
 * </ul>
 */
final class KeySeparation {
  private final GroupState g;
  private final MemberRouter router;

  KeySeparation(GroupState g, MemberRouter router) {
    this.g = g;
    this.router = router;
  }

  /** Settles the purpose of the keys a first encrypt, decrypt, wrap or unwrap would commit. */
  void beforeUse(SlotCall<?> c, VirtualSession vs) throws HsmException {
    if (c instanceof CryptoCall.Encrypt x) {
      encrypting(vs, x.mechanism(), x.key());
    } else if (c instanceof MultiPartCall.EncryptInit x) {
      encrypting(vs, x.mechanism(), x.key());
    } else if (c instanceof CryptoCall.Decrypt x) {
      decrypting(vs, x.mechanism(), x.key());
    } else if (c instanceof MultiPartCall.DecryptInit x) {
      decrypting(vs, x.mechanism(), x.key());
    } else if (c instanceof CryptoCall.WrapKey x) {
      wrapping(vs, x);
    } else if (c instanceof CryptoCall.UnwrapKey x) {
      unwrapping(vs, x);
    }
  }

  /** An encryption of nothing on one member: commits the key there as a first encrypt does. */
  private void encrypting(VirtualSession vs, Mechanism mech, long key) throws HsmException {
    settlePurpose(
        vs,
        g.object(key),
        Cka.ENCRYPT,
        (m, ms) -> {
          m.slot.encryptInit(ms, mech, router.on(m, key));
          quietly((mm, s) -> mm.slot.encryptFinal(s), m, ms);
          return null;
        });
  }

  /** A decryption of nothing on one member: commits the key there as a first decrypt does. */
  private void decrypting(VirtualSession vs, Mechanism mech, long key) throws HsmException {
    settlePurpose(
        vs,
        g.object(key),
        Cka.DECRYPT,
        (m, ms) -> {
          m.slot.decryptInit(ms, mech, router.on(m, key));
          quietly((mm, s) -> mm.slot.decryptFinal(s), m, ms);
          return null;
        });
  }

  private void wrapping(VirtualSession vs, CryptoCall.WrapKey c) throws HsmException {
    VirtualObject wrapping = g.object(c.wrappingKey());
    g.object(c.key());
    MemberRouter.MemberCall<Void> wrap =
        (m, ms) -> {
          m.slot.call(c.withHandles(router.handles(m)));
          return null;
        };
    settlePurpose(vs, wrapping, Cka.WRAP, wrap);
    byte[] modulus = wrapping.publicModulus;
    if (modulus != null) {
      settlePrivateHalves(vs, modulus, wrap);
    }
  }

  private void unwrapping(VirtualSession vs, CryptoCall.UnwrapKey c) throws HsmException {
    settlePurpose(
        vs,
        g.object(c.unwrappingKey()),
        Cka.UNWRAP,
        (m, ms) -> {
          long made = m.slot.call(c.withHandles(router.handles(m)));
          m.slot.destroyObject(ms, made); // only the commitment was wanted
          return null;
        });
  }

  /**
   * Settles a key's purpose on every member before its first use through the group, as one
   * replicated attribute change. {@code use} runs the caller's kind of use on one member without a
   * result; it commits there when the session may not change the key.
   */
  private void settlePurpose(
      VirtualSession vs, VirtualObject vo, long usage, MemberRouter.MemberCall<Void> use)
      throws HsmException {
    if (vo.purposeSettled) {
      return;
    }
    synchronized (vo) {
      if (vo.purposeSettled) {
        return;
      }
      List<Attributes> copies = copiesOf(vs, vo);
      Attributes committed =
          copies.stream().filter(PurposeCommitment::isCommitted).findFirst().orElse(null);
      Attributes uncommitted =
          copies.stream().filter(PurposeCommitment::isUncommitted).findFirst().orElse(null);
      if (uncommitted != null) {
        long target =
            committed != null
                ? PurposeCommitment.keptUse(committed)
                : vo.committedUse != 0 ? vo.committedUse : usage;
        long kind = KeyPurpose.isKeyUse(target) ? Cka.WRAP : Cka.ENCRYPT;
        boolean sameKind = KeyPurpose.isKeyUse(target) == KeyPurpose.isKeyUse(usage);
        commitEverywhere(
            vs, vo, PurposeCommitment.change(uncommitted, target), sameKind ? use : null);
        vo.committedUse = kind;
      }
      Attributes any = copies.get(0);
      if (any.ulong(Cka.CLASS, -1) == Cko.PUBLIC_KEY && any.has(Cka.MODULUS)) {
        vo.publicModulus = any.get(Cka.MODULUS);
      }
      vo.purposeSettled = true;
    }
  }

  /**
   * A wrap under an RSA public key commits, in the engine, the private keys with its modulus on the
   * member that serves it; the group commits them on every member first.
   */
  private void settlePrivateHalves(
      VirtualSession vs, byte[] modulus, MemberRouter.MemberCall<Void> wrap) throws HsmException {
    Attributes halves =
        Attributes.builder().set(Cka.CLASS, Cko.PRIVATE_KEY).set(Cka.MODULUS, modulus).build();
    for (long h : router.findObjects(vs, halves)) {
      VirtualObject half = g.objects.get(h);
      if (half != null) {
        settlePurpose(vs, half, Cka.UNWRAP, wrap);
      }
    }
  }

  /** The key's attributes on every active member that holds a copy (at least one). */
  private List<Attributes> copiesOf(VirtualSession vs, VirtualObject vo) throws HsmException {
    List<Attributes> out = new ArrayList<>();
    g.lock.readLock().lock();
    try {
      for (HaMember m : g.rotationAll()) {
        Long ms = m.sessions.get(vs.id);
        Long h = vo.copies.get(m);
        if (ms == null || h == null) {
          continue;
        }
        try {
          out.add(router.invoke(m, ms, (mm, s) -> mm.slot.getAttributes(s, h)));
        } catch (HsmException e) {
          if (!GroupState.isGone(e)) {
            throw e;
          }
          router.markDown(m, e);
        }
      }
    } finally {
      g.lock.readLock().unlock();
    }
    if (out.isEmpty()) { // fails over, or answers with the group's error
      out.add(router.onAny(vs, (m, ms) -> m.slot.getAttributes(ms, router.on(m, vo.handle))));
    }
    return out;
  }

  /**
   * Commits on every member by one replicated attribute change through the caller's session. A
   * session that may not change the key (read-only, a Crypto User with a private token key, an
   * unmodifiable key, partition policy 11 off) commits by use instead: {@code use} runs on every
   * member, which commits the copy there as the engine does, and the copies are read back. A use of
   * the other kind than the one a member's copy is committed to ({@code use} null) is refused: run
   * on an uncommitted member it would split the copies.
   */
  private void commitEverywhere(
      VirtualSession vs, VirtualObject vo, Attributes change, MemberRouter.MemberCall<Void> use)
      throws HsmException {
    HsmException refused;
    try {
      changeEverywhere(vs, vo, change);
      return;
    } catch (HsmException e) {
      if (GroupState.isGone(e)) {
        throw e;
      }
      refused = e;
    }
    if (use == null) {
      throw new HsmException(
          Ckr.KEY_FUNCTION_NOT_PERMITTED,
          "HA group "
              + g.label
              + ": key "
              + vo.handle
              + " is committed to the other kind of use on a member, and the group could"
              + " not commit the other copies ("
              + refused.detail()
              + ")",
          refused);
    }
    HsmException failedUse = null;
    g.lock.readLock().lock();
    try {
      for (HaMember m : g.rotationAll()) {
        Long ms = m.sessions.get(vs.id);
        if (ms == null || !vo.copies.containsKey(m)) {
          continue;
        }
        try {
          router.invoke(m, ms, use);
        } catch (MemberRouter.NoCopy e) {
          // this member holds no copy to commit
        } catch (HsmException e) {
          if (GroupState.isGone(e)) {
            router.markDown(m, e);
          } else if (failedUse == null) {
            failedUse = e;
          }
        }
      }
    } finally {
      g.lock.readLock().unlock();
    }
    List<Attributes> after = copiesOf(vs, vo);
    boolean oneKind =
        after.stream().allMatch(PurposeCommitment::isCommitted)
            && after.stream().map(PurposeCommitment::keptUse).distinct().count() == 1;
    if (!oneKind) {
      HsmException cause = failedUse != null ? failedUse : refused;
      throw new HsmException(
          cause.returnCode(),
          "HA group "
              + g.label
              + ": key "
              + vo.handle
              + " is not yet committed to encrypting data or to wrapping keys, and the group could"
              + " not commit it on every member before its first use ("
              + cause.detail()
              + ")",
          cause);
    }
    vo.digest = GroupState.digest(after.get(0));
  }

  /** Changes an object on every active member and records its new identity. */
  void changeEverywhere(VirtualSession vs, VirtualObject vo, Attributes change)
      throws HsmException {
    String[] digest = new String[1];
    router.onAll(
        vs,
        (m, ms) -> {
          long h = router.on(m, vo.handle);
          m.slot.setAttributes(ms, h, change);
          if (digest[0] == null) {
            digest[0] = GroupState.digest(m.slot.getAttributes(ms, h));
          }
          return null;
        });
    if (digest[0] != null) {
      vo.digest = digest[0];
    }
  }

  /** Ends a use run only to commit a key: its result or refusal is not the caller's. */
  private static void quietly(MemberRouter.MemberCall<?> step, HaMember m, long ms) {
    try {
      step.call(m, ms);
    } catch (HsmException e) {
      // the operation is ended either way; the commitment is read back afterwards
    }
  }
}
