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

  private final long[] types;
  private final byte[][] values;

  private Attributes(long[] types, byte[][] values) {
    this.types = types;
    this.values = values;
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
    return new Builder(Arrays.copyOf(types, room), Arrays.copyOf(values, room), n);
  }

  /** An empty builder with room for {@code capacity} attributes before it grows. */
  static Builder builder(int capacity) {
    int room = Math.max(1, capacity);
    return new Builder(new long[room], new byte[room][], 0);
  }

  private byte[] find(long type) {
    int i = Arrays.binarySearch(types, type);
    return i < 0 ? null : values[i];
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
      action.accept(types[i], values[i].clone());
    }
  }

  /** True when every attribute of {@code template} is present here with an equal value. */
  public boolean matches(Attributes template) {
    for (int i = 0; i < template.types.length; i++) {
      byte[] mine = find(template.types[i]);
      if (mine == null || !Arrays.equals(mine, template.values[i])) {
        return false;
      }
    }
    return true;
  }

  /** Bytes this set occupies in storage: type and length headers plus values. */
  public long storageBytes() {
    long n = 0;
    for (byte[] v : values) {
      n += 12 + v.length;
    }
    return n;
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (int) storageBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(types.length);
      for (int i = 0; i < types.length; i++) {
        out.writeLong(types[i]);
        out.writeInt(values[i].length);
        out.write(values[i]);
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
      h += Long.hashCode(types[i]) ^ Arrays.hashCode(values[i]);
    }
    return h;
  }

  /** Lists attribute types and lengths only, never values. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Attributes{");
    for (int i = 0; i < types.length; i++) {
      sb.append(String.format("0x%x[%d] ", types[i], values[i].length));
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

    private Builder(long[] types, byte[][] values, int size) {
      this.types = types;
      this.values = values;
      this.size = size;
    }

    /** Sets {@code type} to {@code value} (taken as it is: callers pass arrays they own). */
    private void put(long type, byte[] value) {
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
      return i < 0 ? null : values[i];
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
      put(source.types[index], source.values[index]);
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
          put(t, source.values[i]);
        }
      }
      return this;
    }

    /** Adds every attribute of {@code other}, replacing values of the same type. */
    public Builder putAll(Attributes other) {
      // The frozen set's arrays are never written, so sharing them is safe.
      for (int i = 0; i < other.types.length; i++) {
        put(other.types[i], other.values[i]);
      }
      return this;
    }

    public boolean has(long type) {
      return find(type) != null;
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
      return size == 0
          ? EMPTY
          : new Attributes(Arrays.copyOf(types, size), Arrays.copyOf(values, size));
    }
  }
}
