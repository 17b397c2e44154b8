package io.selenehsm.firmware.clone;

/** What a cloning payload carries: one object, or a V1 partition's SKS master key. */
public enum PayloadKind {
  OBJECT(1),
  SMK(2);

  private final int code;

  PayloadKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static PayloadKind ofCode(int code) {
    for (PayloadKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown payload kind code " + code);
  }
}
