package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;
import java.util.Objects;

/** A mechanism as the engine passes it in: the CKM_* id plus validated, immutable parameters. */
public final class Mechanism {
  private final long id;
  private final MechanismParams params;

  private Mechanism(long id, MechanismParams params) {
    this.id = id;
    this.params = params;
  }

  /** A mechanism with parameters; rejects invalid parameters with CKR_MECHANISM_PARAM_INVALID. */
  public static Mechanism of(long id, MechanismParams params) throws HsmException {
    MechanismParams p = params == null ? MechanismParams.None.INSTANCE : params;
    p.validate();
    return new Mechanism(id, p);
  }

  /** A mechanism without parameters. */
  public static Mechanism of(long id) {
    return new Mechanism(id, MechanismParams.None.INSTANCE);
  }

  public long id() {
    return id;
  }

  public MechanismParams params() {
    return params;
  }

  public boolean hasParams() {
    return params != MechanismParams.None.INSTANCE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mechanism m && m.id == id && m.params.equals(params);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, params);
  }

  @Override
  public String toString() {
    // Concatenated, not formatted: the audit text of every key generation names its mechanism.
    return "Mechanism[0x" + Long.toHexString(id) + ", " + params + "]";
  }
}
