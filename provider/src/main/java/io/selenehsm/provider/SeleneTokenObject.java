package io.selenehsm.provider;

import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.Token;
import java.util.Arrays;
import java.util.List;

/**
 * Any object in a partition (key, certificate, data), by handle: class and type, and attribute
 * reads. Lookups use the default {@link SlotManager}'s working slot (the one logged in to).
 */
public final class SeleneTokenObject {
  private final Token token;
  private final long handle;

  private SeleneTokenObject(Token token, long handle) {
    this.token = token;
    this.handle = handle;
  }

  /** The object with this OUID in {@code slot}, or null. */
  public static SeleneTokenObject locateObjectByOUID(byte[] ouid, int slot) {
    try {
      Token t = SlotManager.getInstance().context().token(slot);
      for (long h : t.find(Attributes.empty())) {
        byte[] o = t.call((s, session) -> s.getAttribute(session, h, Cka.OUID));
        if (Arrays.equals(o, ouid)) {
          return new SeleneTokenObject(t, h);
        }
      }
      return null;
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /** The object with {@code handle} on the working slot, or null. */
  public static SeleneTokenObject locateObjectByHandle(int handle) {
    try {
      Token t = SlotManager.getInstance().context().workingToken();
      List<Long> all = t.find(Attributes.empty());
      return all.contains((long) handle) ? new SeleneTokenObject(t, handle) : null;
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  public long getHandle() {
    return handle;
  }

  public int getSlot() {
    return token.slotId();
  }

  /** {CKA_CLASS, CKA_KEY_TYPE (or CKA_CERTIFICATE_TYPE, else -1)}. */
  public long[] getClassAndType() {
    try {
      Attributes a = token.attributes(handle);
      long type =
          a.has(Cka.KEY_TYPE) ? a.ulong(Cka.KEY_TYPE, -1) : a.ulong(Cka.CERTIFICATE_TYPE, -1);
      return new long[] {a.ulong(Cka.CLASS, -1), type};
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /** An attribute's raw value (CKR_ATTRIBUTE_SENSITIVE for secret material). */
  public byte[] getLargeAttribute(long cka) {
    try {
      return token.call((s, session) -> s.getAttribute(session, handle, cka));
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  /** A CK_BBOOL attribute. */
  public boolean getBooleanAttribute(long cka) {
    byte[] v = getLargeAttribute(cka);
    if (v.length != 1) {
      throw Errors.cryptoki(
          Ckr.ATTRIBUTE_TYPE_INVALID,
          String.format(
              "attribute 0x%x of object %d is %d bytes long, not a CK_BBOOL",
              cka, handle, v.length));
    }
    return v[0] != 0;
  }

  @Override
  public String toString() {
    return "SeleneTokenObject[slot " + getSlot() + ", handle " + handle + "]";
  }
}
