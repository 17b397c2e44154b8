package io.selenehsm.firmware.clone;

/**
 * The partition generations the cloning rules tell apart: partitions of firmware older than 7.7.0,
 * and the V0 and V1 partitions of 7.7.0 and newer (partition policy 41).
 */
public enum PartitionKind {
  PRE_7_7(0xFF),
  V0(0),
  V1(1);

  private final int code;

  PartitionKind(int code) {
    this.code = code;
  }

  /** The byte written in payload and container headers. */
  public int code() {
    return code;
  }

  public static PartitionKind ofCode(int code) {
    for (PartitionKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown partition kind code " + code);
  }

  /** The kind of a 7.7+ partition from its policy-41 version. */
  public static PartitionKind ofVersion(int version) {
    return version == 1 ? V1 : V0;
  }

  @Override
  public String toString() {
    return this == PRE_7_7 ? "pre-7.7 partition" : name() + " partition";
  }
}
