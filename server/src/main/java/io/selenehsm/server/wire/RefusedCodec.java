package io.selenehsm.server.wire;

import io.selenehsm.firmware.rc.HsmException;
import java.lang.reflect.Type;

/** A type that cannot cross the wire: refuses to encode and to decode, null or not. */
final class RefusedCodec implements ValueCodec {
  /** A PED is wired to the HSM's host: PED authentication cannot be carried to a remote server. */
  static final RefusedCodec PED =
      new RefusedCodec(
          "PED authentication must run on the server's host: a PED cannot be reached over the"
              + " network");

  private final String reason;

  private RefusedCodec(String reason) {
    this.reason = reason;
  }

  static RefusedCodec noWireForm(Type type) {
    return new RefusedCodec(type.getTypeName() + " has no wire form");
  }

  @Override
  public Value encode(Object value, SlotRefs refs) throws HsmException {
    throw WireErrors.unsupported(reason);
  }

  @Override
  public Object decode(Value value, SlotResolver slots) throws HsmException {
    throw WireErrors.unsupported(reason);
  }
}
