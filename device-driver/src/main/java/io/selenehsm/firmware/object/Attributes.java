package io.selenehsm.firmware.object;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.LongPredicate;

/**
 * An immutable set of PKCS#11 attributes: a map from {@code CKA_*} type to its encoded value. Used
 * both as a template and as an object's attribute set. Values use Cryptoki encodings: CK_BBOOL is
 * one byte (0 or 1), CK_ULONG eight bytes big-endian, strings UTF-8.
 *
 * <p>Stored as two parallel arrays sorted by type (signed order, as the former {@code TreeMap<Long,
 * byte[]>}): an object carries 15 to 30 attributes and every command reads some, so a binary search
 * over a {@code long[]} (no boxing, no tree nodes) is the cheap lookup, and building, copying and
 * encoding walk arrays. Value arrays are never shared with callers: getters copy, the builder
 * copies what it is given.
 *
 * <p>One value of a set may be {@linkplain DeferredValue deferred}: a generated private key's
 * encoding is worked out only when something reads it (a token copy's storage record, a wrap, an
 * extract, an attribute read the rules allow), since most session keys are used and destroyed
 * without it. The set holds a marker in that slot; every read of a value goes through {@link
 * #value} and so gets the encoding, made once. Sets and builders copy the marker together with its
 * deferred value, so a copy or a changed set stays lazy too.
 */
public final class Attributes {
  private static final long[] NO_TYPES = new long[0];
  private static final byte[][] NO_VALUES = new byte[0][];
  private static final Attributes EMPTY = new Attributes(NO_TYPES, NO_VALUES);

  /**
   * The two CK_BBOOL encodings, shared by every set a builder makes: a frozen value is never
   * written and never handed out uncopied, so one array can serve them all.
   */
  private static final byte[] TRUE = {1};

  private static final byte[] FALSE = {0};

  /** Marks the slot of the deferred value; compared by identity, never handed out. */
  private static final byte[] PENDING = new byte[0];

  private final long[] types;
  private final byte[][] values;

  /** The value behind the {@link #PENDING} slot, or null when the set has none. */
  private final DeferredValue deferred;

  private Attributes(long[] types, byte[][] values) {
    this(types, values, null);
  }

  private Attributes(long[] types, byte[][] values, DeferredValue deferred) {
    this.types = types;
    this.values = values;
    this.deferred = deferred;
  }

  /** The {@code i}-th value, a deferred one worked out (once) on this first read. */
  private byte[] value(int i) {
    byte[] v = values[i];
    return v == PENDING ? deferred.get() : v;
  }

  /**
   * This set restricted to the types {@code keep} accepts, with {@code extraTypes} (ascending, each
   * replacing a value of its type here) set to {@code extraValues} (taken as they are), made in one
   * pass into arrays of the exact size: the readable view every key object is made from.
   */
  Attributes select(LongPredicate keep, long[] extraTypes, byte[][] extraValues) {
    int n = types.length;
    long[] t = new long[n + extraTypes.length];
    byte[][] v = new byte[t.length][];
    boolean keptDeferred = false;
    int size = 0;
    int e = 0;
    for (int i = 0; i < n; i++) {
      long type = types[i];
      while (e < extraTypes.length && extraTypes[e] < type) {
        t[size] = extraTypes[e];
        v[size++] = extraValues[e++];
      }
      if (e < extraTypes.length && extraTypes[e] == type) {
        continue; // replaced by the extra value, added at the next step
      }
      if (keep.test(type)) {
        t[size] = type;
        v[size++] = values[i];
        keptDeferred |= values[i] == PENDING;
      }
    }
    while (e < extraTypes.length) {
      t[size] = extraTypes[e];
      v[size++] = extraValues[e++];
    }
    if (size < t.length) {
      t = Arrays.copyOf(t, size);
      v = Arrays.copyOf(v, size);
    }
    return new Attributes(t, v, keptDeferred ? deferred : null);
  }

  /** A set over arrays the caller hands over and never writes again (the layout's fill). */
  static Attributes of(long[] types, byte[][] values, DeferredValue deferred) {
    return new Attributes(types, values, deferred);
  }

  /** The types array itself: callers in this package only read it. */
  long[] typeArray() {
    return types;
  }

  /** The {@code i}-th stored value as held: the deferred marker is not worked out. */
  byte[] rawValueAt(int i) {
    return values[i];
  }

  /** Whether {@code v} is the marker of a deferred slot. */
  static boolean isPendingMarker(byte[] v) {
    return v == PENDING;
  }

  /** The marker a deferred slot holds. */
  static byte[] pendingMarker() {
    return PENDING;
  }

  /**
   * Whether the value of {@code type} is present but not yet worked out (tests use it to show a
   * path stayed lazy).
   */
  public boolean isDeferred(long type) {
    int i = Arrays.binarySearch(types, type);
    return i >= 0 && values[i] == PENDING && !deferred.isDone();
  }

  public static Attributes empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder(new long[16], new byte[16][], 0);
  }

  public Builder toBuilder() {
    return toBuilder(8);
  }

  /**
   * A builder with room for {@code extra} more attributes before it grows: a key-pair template
   * gains about 25 on its way to an object, and growing twice copied both arrays twice.
   */
  public Builder toBuilder(int extra) {
    int n = types.length;
    int room = n + Math.max(1, extra);
    Builder b = new Builder(Arrays.copyOf(types, room), Arrays.copyOf(values, room), n);
    if (deferred != null) {
      for (int i = 0; i < n; i++) {
        if (values[i] == PENDING) {
          b.deferred = deferred;
          b.pending = true;
          b.pendingType = types[i];
        }
      }
    }
    return b;
  }

  /** An empty builder with room for {@code capacity} attributes before it grows. */
  static Builder builder(int capacity) {
    int room = Math.max(1, capacity);
    return new Builder(new long[room], new byte[room][], 0);
  }

  private byte[] find(long type) {
    int i = Arrays.binarySearch(types, type);
    return i < 0 ? null : value(i);
  }

  public boolean has(long type) {
    return Arrays.binarySearch(types, type) >= 0;
  }

  /** A copy of the raw value, or {@code null} when absent. */
  public byte[] get(long type) {
    byte[] v = find(type);
    return v == null ? null : v.clone();
  }

  /** The raw value without copying; callers inside the engine must not modify it. */
  byte[] peek(long type) {
    return find(type);
  }

  /** The {@code i}-th type in ascending order (0 to {@link #size()} - 1), without boxing. */
  public long typeAt(int i) {
    return types[i];
  }

  public boolean bool(long type, boolean dflt) {
    byte[] v = find(type);
    return v == null ? dflt : v.length == 1 && v[0] != 0;
  }

  public long ulong(long type, long dflt) {
    byte[] v = find(type);
    return v == null ? dflt : decodeLong(v);
  }

  public String string(long type) {
    byte[] v = find(type);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  /**
   * An array attribute (CKA_WRAP_TEMPLATE, CKA_UNWRAP_TEMPLATE): the nested set, empty when absent.
   * The value is the nested set's {@link #encode()} form.
   */
  public Attributes template(long type) throws IOException {
    byte[] v = find(type);
    if (v == null) {
      return EMPTY;
    }
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(v));
    Attributes nested = decode(in);
    if (in.available() > 0) {
      throw new IOException("trailing bytes after the nested template");
    }
    return nested;
  }

  /** The types present, ascending; a read-only view. */
  public Set<Long> types() {
    return new TypeSet();
  }

  private final class TypeSet extends AbstractSet<Long> {
    @Override
    public int size() {
      return types.length;
    }

    @Override
    public boolean contains(Object o) {
      return o instanceof Long l && Arrays.binarySearch(types, l) >= 0;
    }

    @Override
    public Iterator<Long> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < types.length;
        }

        @Override
        public Long next() {
          if (next >= types.length) {
            throw new NoSuchElementException();
          }
          return types[next++];
        }
      };
    }
  }

  public int size() {
    return types.length;
  }

  public void forEach(BiConsumer<Long, byte[]> action) {
    for (int i = 0; i < types.length; i++) {
      action.accept(types[i], value(i).clone());
    }
  }

  /** True when every attribute of {@code template} is present here with an equal value. */
  public boolean matches(Attributes template) {
    for (int i = 0; i < template.types.length; i++) {
      byte[] mine = find(template.types[i]);
      if (mine == null || !Arrays.equals(mine, template.value(i))) {
        return false;
      }
    }
    return true;
  }

  /** Bytes this set occupies in storage: type and length headers plus values. */
  public long storageBytes() {
    long n = 0;
    for (int i = 0; i < values.length; i++) {
      n += 12 + value(i).length;
    }
    return n;
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (int) storageBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(types.length);
      for (int i = 0; i < types.length; i++) {
        out.writeLong(types[i]);
        byte[] v = value(i);
        out.writeInt(v.length);
        out.write(v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static Attributes decode(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 4096) {
      throw new IOException("attribute count " + n + " out of range");
    }
    Builder map = new Builder(new long[n], new byte[n][], 0);
    for (int i = 0; i < n; i++) {
      long type = in.readLong();
      int len = in.readInt();
      if (len < 0 || len > (1 << 24)) {
        throw new IOException("attribute length " + len + " out of range");
      }
      byte[] v = new byte[len];
      in.readFully(v);
      map.put(type, v);
    }
    return map.build();
  }

  public static byte[] encodeBool(boolean b) {
    return new byte[] {(byte) (b ? 1 : 0)};
  }

  public static byte[] encodeLong(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  public static long decodeLong(byte[] v) {
    if (v.length == 8) {
      return ByteBuffer.wrap(v).getLong();
    }
    if (v.length == 4) {
      return ByteBuffer.wrap(v).getInt() & 0xFFFFFFFFL;
    }
    throw new IllegalArgumentException("a CK_ULONG value has 4 or 8 bytes, not " + v.length);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Attributes other) || other.types.length != types.length) {
      return false;
    }
    return matches(other);
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < types.length; i++) {
      h += Long.hashCode(types[i]) ^ Arrays.hashCode(value(i));
    }
    return h;
  }

  /** Lists attribute types and lengths only, never values. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Attributes{");
    for (int i = 0; i < types.length; i++) {
      if (values[i] == PENDING && !deferred.isDone()) {
        sb.append(String.format("0x%x[deferred] ", types[i])); // a log line encodes nothing
      } else {
        sb.append(String.format("0x%x[%d] ", types[i], value(i).length));
      }
    }
    return sb.toString().trim() + "}";
  }

  /**
   * Accumulates attributes; {@link #build()} freezes them. Kept sorted as it grows (an insertion
   * moves at most a few dozen entries), so building needs no sort and no map.
   */
  public static final class Builder {
    private long[] types;
    private byte[][] values;
    private int size;

    /** The value behind a {@link #PENDING} slot of this builder, if it holds one. */
    private DeferredValue deferred;

    /** Whether a slot holds {@link #PENDING}, and its type: a set holds at most one. */
    private boolean pending;

    private long pendingType;

    private Builder(long[] types, byte[][] values, int size) {
      this.types = types;
      this.values = values;
      this.size = size;
    }

    /** Sets {@code type} to {@code value} (taken as it is: callers pass arrays they own). */
    private void put(long type, byte[] value) {
      if (pending && type == pendingType && value != PENDING) {
        pending = false; // the deferred slot gets a value of its own
      }
      if (size == 0 || type > types[size - 1]) {
        append(type, value); // in order: copying a set, decoding one, a filtered view
        return;
      }
      int i = Arrays.binarySearch(types, 0, size, type);
      if (i >= 0) {
        values[i] = value;
        return;
      }
      int at = -i - 1;
      if (size == types.length) {
        int room = Math.max(8, size * 2);
        types = Arrays.copyOf(types, room);
        values = Arrays.copyOf(values, room);
      }
      System.arraycopy(types, at, types, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
      types[at] = type;
      values[at] = value;
      size++;
    }

    private void append(long type, byte[] value) {
      if (size == types.length) {
        int room = Math.max(8, size * 2);
        types = Arrays.copyOf(types, room);
        values = Arrays.copyOf(values, room);
      }
      types[size] = type;
      values[size] = value;
      size++;
    }

    private byte[] find(long type) {
      int i = Arrays.binarySearch(types, 0, size, type);
      if (i < 0) {
        return null;
      }
      byte[] v = values[i];
      return v == PENDING ? deferred.get() : v;
    }

    /**
     * Sets {@code type} to a value worked out when first read. A set holds one deferred value: a
     * builder that already holds another works that one out first.
     */
    public Builder setDeferred(long type, DeferredValue value) {
      adopt(type, value);
      return this;
    }

    /** Takes a deferred slot over from another set, lazily where this builder has room for it. */
    private void adopt(long type, DeferredValue value) {
      if (pending && pendingType != type) {
        int i = Arrays.binarySearch(types, 0, size, pendingType);
        values[i] = deferred.get(); // only one deferred value per set
      }
      deferred = value;
      pending = true;
      pendingType = type;
      put(type, PENDING);
    }

    /** {@code source}'s {@code index}-th value, its deferred value kept deferred. */
    private void putFromSource(Attributes source, int index) {
      byte[] v = source.values[index];
      if (v == PENDING) {
        adopt(source.types[index], source.deferred);
      } else {
        put(source.types[index], v);
      }
    }

    public Builder set(long type, byte[] value) {
      put(type, value.clone());
      return this;
    }

    /**
     * Sets a value taken from another frozen set without copying it: frozen values are never
     * written and never handed out uncopied, so two sets may share them.
     */
    Builder setFrom(Attributes source, int index) {
      putFromSource(source, index);
      return this;
    }

    /** An array attribute holding a nested template. */
    public Builder set(long type, Attributes nested) {
      put(type, nested.encode());
      return this;
    }

    public Builder set(long type, boolean value) {
      put(type, value ? TRUE : FALSE);
      return this;
    }

    public Builder set(long type, long value) {
      put(type, encodeLong(value));
      return this;
    }

    public Builder set(long type, String value) {
      put(type, value.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    public Builder setIfAbsent(long type, boolean value) {
      if (find(type) == null) {
        put(type, value ? TRUE : FALSE);
      }
      return this;
    }

    public Builder remove(long type) {
      if (pending && type == pendingType) {
        pending = false;
      }
      int i = Arrays.binarySearch(types, 0, size, type);
      if (i >= 0) {
        System.arraycopy(types, i + 1, types, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        values[size] = null;
      }
      return this;
    }

    /**
     * Copies the attributes of {@code types} that {@code source} has (replacing values of the same
     * type), sharing the frozen values instead of copying them.
     */
    public Builder putFrom(Attributes source, long[] types) {
      for (long t : types) {
        int i = Arrays.binarySearch(source.types, t);
        if (i >= 0) {
          putFromSource(source, i);
        }
      }
      return this;
    }

    /** Adds every attribute of {@code other}, replacing values of the same type. */
    public Builder putAll(Attributes other) {
      // The frozen set's arrays are never written, so sharing them is safe.
      for (int i = 0; i < other.types.length; i++) {
        putFromSource(other, i);
      }
      return this;
    }

    public boolean has(long type) {
      return Arrays.binarySearch(types, 0, size, type) >= 0; // a deferred value stays deferred
    }

    /** The raw value set so far without copying, or null; callers must not modify it. */
    byte[] peek(long type) {
      return find(type);
    }

    /** A CK_ULONG value set so far, {@code dflt} when absent. */
    public long ulong(long type, long dflt) {
      byte[] v = find(type);
      return v == null ? dflt : decodeLong(v);
    }

    /** A CK_BBOOL value set so far, {@code dflt} when absent. */
    public boolean bool(long type, boolean dflt) {
      byte[] v = find(type);
      return v == null ? dflt : v.length == 1 && v[0] != 0;
    }

    public Attributes build() {
      if (size == 0) {
        return EMPTY;
      }
      return new Attributes(
          Arrays.copyOf(types, size), Arrays.copyOf(values, size), pending ? deferred : null);
    }
  }
}
