package io.selenehsm.server.wire;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/** The errors the codec raises: one place that decides their codes. */
final class WireErrors {
  private WireErrors() {}

  /** A value that does not fit the type it must carry: CKR_ARGUMENTS_BAD. */
  static HsmException bad(String message) {
    return new HsmException(Ckr.ARGUMENTS_BAD, message);
  }

  /** A value of a type that cannot cross the wire: CKR_FUNCTION_NOT_SUPPORTED. */
  static HsmException unsupported(String message) {
    return new HsmException(Ckr.FUNCTION_NOT_SUPPORTED, message);
  }

  /** The same failure with {@code where} in front of its message; other codes pass unchanged. */
  static HsmException within(String where, HsmException e) {
    if (e.returnCode() != Ckr.ARGUMENTS_BAD) {
      return e;
    }
    return new HsmException(Ckr.ARGUMENTS_BAD, where + ": " + e.detail(), e.getCause());
  }

  /** Names the value kind a Value carries, for messages. */
  static String kindOf(Value v) {
    return v.getKindCase().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Text from the wire, quoted and cut short, for a message. */
  static String quote(String s) {
    return "'" + (s.length() <= 64 ? s : s.substring(0, 64) + "...") + "'";
  }

  /** A value of the wrong kind: names what was expected and what came. */
  static HsmException expected(String kind, Value got) {
    return bad("expected " + kind + ", got " + kindOf(got));
  }
}
