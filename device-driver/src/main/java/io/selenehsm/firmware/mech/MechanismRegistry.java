package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The immutable table of mechanisms this device serves, built once at power-on. Mechanisms whose
 * known-answer test failed stay listed in {@link #disabled()} but every use is refused with
 * CKR_MECHANISM_INVALID ("self-test failed"). Readers never lock.
 */
public final class MechanismRegistry {
  private final Map<Long, MechanismSpec> specs;
  private final Set<Long> disabled;

  /**
   * The lookup every operation does, keyed by the primitive id: sorted ids searched by bisection
   * (no Long boxing, no hashing), with the spec and its self-test state at the same index.
   */
  private final long[] ids;

  private final MechanismSpec[] byId;
  private final boolean[] disabledById;

  /**
   * Per index, the operations as bits of {@link Operation#ordinal()} and the accepted parameter
   * types as an array: {@link #require} runs on every operation, and the set lookups behind {@link
   * MechanismInfo#supports} and {@link MechanismSpec#accepts} showed in the 1 KiB AES-GCM profile.
   */
  private final long[] operationsById;

  private final Class<?>[][] paramsById;

  private MechanismRegistry(List<MechanismSpec> rows, Set<Long> disabled) {
    Map<Long, MechanismSpec> m = new LinkedHashMap<>();
    for (MechanismSpec s : rows) {
      if (m.put(s.id(), s) != null) {
        throw new IllegalStateException("duplicate mechanism " + s.info().name());
      }
    }
    this.specs = Map.copyOf(m);
    this.disabled = Set.copyOf(disabled);
    this.ids = m.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    this.byId = new MechanismSpec[ids.length];
    this.disabledById = new boolean[ids.length];
    this.operationsById = new long[ids.length];
    this.paramsById = new Class<?>[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      byId[i] = m.get(ids[i]);
      disabledById[i] = this.disabled.contains(ids[i]);
      for (Operation op : byId[i].info().operations()) {
        operationsById[i] |= 1L << op.ordinal();
      }
      paramsById[i] = byId[i].acceptedParams().toArray(new Class<?>[0]);
    }
  }

  /** Every mechanism enabled, no self-test consulted (for tests and tools). */
  public static MechanismRegistry unchecked() {
    return new MechanismRegistry(MechanismCatalog.all(), Set.of());
  }

  /** The registry a device serves after its power-on self-tests. */
  public static MechanismRegistry afterSelfTests(SelfTestReport report) {
    return new MechanismRegistry(MechanismCatalog.all(), report.failedMechanisms());
  }

  /** Runs the power-on self-tests and builds the registry from their report. */
  public static MechanismRegistry powerOn() {
    return afterSelfTests(SelfTests.run());
  }

  /** Mechanism info; CKR_MECHANISM_INVALID when unknown or disabled by a failed self-test. */
  public MechanismInfo info(long id) throws HsmException {
    return spec(id).info();
  }

  /** The served mechanisms (disabled ones excluded), in no particular order. */
  public List<MechanismInfo> list() {
    return specs.values().stream()
        .filter(s -> !disabled.contains(s.id()))
        .map(MechanismSpec::info)
        .toList();
  }

  /** Ids of mechanisms refused because their self-test failed. */
  public Set<Long> disabled() {
    return disabled;
  }

  MechanismSpec spec(long id) throws HsmException {
    return byId[index(id)];
  }

  /** The table index of a served mechanism; CKR_MECHANISM_INVALID when unknown or disabled. */
  private int index(long id) throws HsmException {
    int i = Arrays.binarySearch(ids, id);
    if (i < 0) {
      throw new HsmException(
          Ckr.MECHANISM_INVALID, String.format(Locale.ROOT, "mechanism 0x%x is not supported", id));
    }
    if (disabledById[i]) {
      throw new HsmException(
          Ckr.MECHANISM_INVALID,
          byId[i].info().name() + " is disabled: its power-on self-test failed");
    }
    return i;
  }

  /** The spec for a mechanism used for {@code op}, with its parameter type checked. */
  MechanismSpec require(Mechanism m, Operation op) throws HsmException {
    int i = index(m.id());
    MechanismSpec s = byId[i];
    if ((operationsById[i] & (1L << op.ordinal())) == 0) {
      throw new HsmException(
          Ckr.MECHANISM_INVALID,
          s.info().name() + " does not support " + op.name().toLowerCase(Locale.ROOT));
    }
    if (!accepts(paramsById[i], m.params())) {
      throw new HsmException(
          Ckr.MECHANISM_PARAM_INVALID,
          s.info().name()
              + " does not take "
              + m.params().getClass().getSimpleName()
              + "; accepted: "
              + s.acceptedParams().stream().map(Class::getSimpleName).sorted().toList());
    }
    return s;
  }

  private static boolean accepts(Class<?>[] accepted, MechanismParams p) {
    for (Class<?> c : accepted) {
      if (c.isInstance(p)) {
        return true;
      }
    }
    return false;
  }
}
