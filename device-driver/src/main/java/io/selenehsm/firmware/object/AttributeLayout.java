package io.selenehsm.firmware.object;

import java.util.Arrays;

/**
 * The shape of a completed attribute set whose values at a few types change from one object to the
 * next while everything else stays the same: the halves of the key pairs one template makes. Every
 * pair's set is then one copy of a prepared value array with the new values put in their slots,
 * instead of a template copied, extended and completed attribute by attribute.
 *
 * <p>A layout is prepared from a set the general path completed and from the source set its
 * changing values came from (a pair's public values). It keeps the completed set's types and values
 * with the changing slots cleared, so nothing of the object it was prepared from (no public value,
 * no deferred private encoding) outlives it. A fill is refused (null) unless the new source holds
 * exactly the types the prepared one held, so a source of another shape goes the general way.
 *
 * <p>Immutable and safe to share between threads: a fill copies the value array before writing.
 */
public final class AttributeLayout {
  private final long[] types;
  private final byte[][] values;

  /** The types the source held at preparation; a fill needs exactly these. */
  private final long[] sourceTypes;

  /** For each changing slot: its index in {@link #types} and in the source. */
  private final int[] slots;

  private final int[] sourceSlots;

  /** The index of the deferred slot, or -1 when the set has none. */
  private final int deferredSlot;

  private AttributeLayout(
      long[] types,
      byte[][] values,
      long[] sourceTypes,
      int[] slots,
      int[] sourceSlots,
      int deferredSlot) {
    this.types = types;
    this.values = values;
    this.sourceTypes = sourceTypes;
    this.slots = slots;
    this.sourceSlots = sourceSlots;
    this.deferredSlot = deferredSlot;
  }

  /**
   * The layout of {@code completed} whose values of the types {@code source} has (all of them, or
   * only those listed in {@code selected} when it is not null) come from {@code source}, plus the
   * deferred slot of {@code completed} if it holds one. Null when {@code completed} does not hold
   * exactly those values (the very arrays of {@code source}): then the slots did not come from the
   * source alone and the set cannot be prepared.
   */
  public static AttributeLayout of(Attributes completed, Attributes source, long[] selected) {
    long[] sourceTypes = source.typeArray();
    int[] slots = new int[sourceTypes.length];
    int[] sourceSlots = new int[sourceTypes.length];
    int n = 0;
    for (int j = 0; j < sourceTypes.length; j++) {
      if (selected != null && !contains(selected, sourceTypes[j])) {
        continue;
      }
      int i = Arrays.binarySearch(completed.typeArray(), sourceTypes[j]);
      byte[] v = source.rawValueAt(j);
      if (i < 0 || completed.rawValueAt(i) != v || Attributes.isPendingMarker(v)) {
        return null;
      }
      slots[n] = i;
      sourceSlots[n] = j;
      n++;
    }
    long[] types = completed.typeArray();
    byte[][] values = new byte[types.length][];
    int deferredSlot = -1;
    for (int i = 0; i < types.length; i++) {
      byte[] v = completed.rawValueAt(i);
      if (Attributes.isPendingMarker(v)) {
        deferredSlot = i; // a set holds at most one
      } else {
        values[i] = v;
      }
    }
    for (int k = 0; k < n; k++) {
      values[slots[k]] = null;
    }
    return new AttributeLayout(
        types,
        values,
        sourceTypes.clone(),
        Arrays.copyOf(slots, n),
        Arrays.copyOf(sourceSlots, n),
        deferredSlot);
  }

  private static boolean contains(long[] types, long type) {
    for (long t : types) {
      if (t == type) {
        return true;
      }
    }
    return false;
  }

  /** Whether the prepared set has a deferred slot that a fill must be given a value for. */
  public boolean hasDeferredSlot() {
    return deferredSlot >= 0;
  }

  /**
   * The prepared set with {@code source}'s values in the changing slots and {@code deferred} in the
   * deferred slot (null when the layout has none), or null when {@code source} has another shape
   * than the one prepared or the deferred value does not fit the layout.
   */
  public Attributes fill(Attributes source, DeferredValue deferred) {
    if (!Arrays.equals(source.typeArray(), sourceTypes)
        || hasDeferredSlot() != (deferred != null)) {
      return null;
    }
    byte[][] v = values.clone();
    for (int k = 0; k < slots.length; k++) {
      byte[] value = source.rawValueAt(sourceSlots[k]);
      if (Attributes.isPendingMarker(value)) {
        return null; // a deferred source value would need its own deferred slot
      }
      v[slots[k]] = value;
    }
    if (deferred != null) {
      v[deferredSlot] = Attributes.pendingMarker();
    }
    // The types array is shared: frozen sets never write theirs.
    return Attributes.of(types, v, deferred);
  }
}
