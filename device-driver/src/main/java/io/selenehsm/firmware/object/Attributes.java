package io.selenehsm.firmware.object;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An immutable set of PKCS#11 attributes: a map from {@code CKA_*} type to its encoded value. Used
 * both as a template and as an object's attribute set. Values use Cryptoki encodings: CK_BBOOL is
 * one byte (0 or 1), CK_ULONG eight bytes big-endian, strings UTF-8.
 */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(new TreeMap<>());
  private final TreeMap<Long, byte[]> values;

  private Attributes(TreeMap<Long, byte[]> values) {
    this.values = values;
  }

  public static Attributes empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder(new TreeMap<>());
  }

  public Builder toBuilder() {
    TreeMap<Long, byte[]> copy = new TreeMap<>();
    values.forEach((k, v) -> copy.put(k, v));
    return new Builder(copy);
  }

  public boolean has(long type) {
    return values.containsKey(type);
  }

  /** A copy of the raw value, or {@code null} when absent. */
  public byte[] get(long type) {
    byte[] v = values.get(type);
    return v == null ? null : v.clone();
  }

  /** The raw value without copying; callers inside the engine must not modify it. */
  byte[] peek(long type) {
    return values.get(type);
  }

  public boolean bool(long type, boolean dflt) {
    byte[] v = values.get(type);
    return v == null ? dflt : v.length == 1 && v[0] != 0;
  }

  public long ulong(long type, long dflt) {
    byte[] v = values.get(type);
    return v == null ? dflt : decodeLong(v);
  }

  public String string(long type) {
    byte[] v = values.get(type);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  /**
   * An array attribute (CKA_WRAP_TEMPLATE, CKA_UNWRAP_TEMPLATE): the nested set, empty when absent.
   * The value is the nested set's {@link #encode()} form.
   */
  public Attributes template(long type) throws IOException {
    byte[] v = values.get(type);
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

  public Set<Long> types() {
    return Collections.unmodifiableSet(values.keySet());
  }

  public int size() {
    return values.size();
  }

  public void forEach(BiConsumer<Long, byte[]> action) {
    values.forEach((k, v) -> action.accept(k, v.clone()));
  }

  /** True when every attribute of {@code template} is present here with an equal value. */
  public boolean matches(Attributes template) {
    for (Map.Entry<Long, byte[]> e : template.values.entrySet()) {
      byte[] mine = values.get(e.getKey());
      if (mine == null || !Arrays.equals(mine, e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Bytes this set occupies in storage: type and length headers plus values. */
  public long storageBytes() {
    long n = 0;
    for (byte[] v : values.values()) {
      n += 12 + v.length;
    }
    return n;
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (int) storageBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(values.size());
      for (Map.Entry<Long, byte[]> e : values.entrySet()) {
        out.writeLong(e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
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
    TreeMap<Long, byte[]> map = new TreeMap<>();
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
    return new Attributes(map);
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
    if (!(o instanceof Attributes other) || other.values.size() != values.size()) {
      return false;
    }
    return matches(other);
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<Long, byte[]> e : values.entrySet()) {
      h += Long.hashCode(e.getKey()) ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  /** Lists attribute types and lengths only, never values. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Attributes{");
    values.forEach((k, v) -> sb.append(String.format("0x%x[%d] ", k, v.length)));
    return sb.toString().trim() + "}";
  }

  /** Accumulates attributes; {@link #build()} freezes them. */
  public static final class Builder {
    private final TreeMap<Long, byte[]> values;

    private Builder(TreeMap<Long, byte[]> values) {
      this.values = values;
    }

    public Builder set(long type, byte[] value) {
      values.put(type, value.clone());
      return this;
    }

    /** An array attribute holding a nested template. */
    public Builder set(long type, Attributes nested) {
      values.put(type, nested.encode());
      return this;
    }

    public Builder set(long type, boolean value) {
      values.put(type, encodeBool(value));
      return this;
    }

    public Builder set(long type, long value) {
      values.put(type, encodeLong(value));
      return this;
    }

    public Builder set(long type, String value) {
      values.put(type, value.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    public Builder setIfAbsent(long type, boolean value) {
      values.putIfAbsent(type, encodeBool(value));
      return this;
    }

    public Builder remove(long type) {
      values.remove(type);
      return this;
    }

    public Builder putAll(Attributes other) {
      other.values.forEach(values::put);
      return this;
    }

    public boolean has(long type) {
      return values.containsKey(type);
    }

    /** A CK_BBOOL value set so far, {@code dflt} when absent. */
    public boolean bool(long type, boolean dflt) {
      byte[] v = values.get(type);
      return v == null ? dflt : v.length == 1 && v[0] != 0;
    }

    public Attributes build() {
      return new Attributes(new TreeMap<>(values));
    }
  }
}
