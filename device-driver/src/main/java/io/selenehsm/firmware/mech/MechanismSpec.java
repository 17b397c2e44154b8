package io.selenehsm.firmware.mech;

import java.util.Set;

/**
 * One row of the mechanism table: the public info plus how it is implemented: the family, the hash
 * it applies (if any), the JCA algorithm it runs on (if any) and the parameter types it accepts
 * ({@link MechanismParams.None} in the set means "no parameters" is allowed).
 */
record MechanismSpec(
    MechanismInfo info,
    Family family,
    Hash hash,
    String jcaAlgorithm,
    Set<Class<? extends MechanismParams>> acceptedParams) {

  long id() {
    return info.id();
  }

  boolean accepts(MechanismParams p) {
    for (Class<? extends MechanismParams> c : acceptedParams) {
      if (c.isInstance(p)) {
        return true;
      }
    }
    return false;
  }
}
