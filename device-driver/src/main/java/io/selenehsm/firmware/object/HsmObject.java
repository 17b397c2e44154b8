package io.selenehsm.firmware.object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One object inside a partition: its handle, its OUID and its attributes. Immutable except for the
 * usage counter and a cache slot for the decoded key, both shared by every version of the object (a
 * setAttributes replaces the attribute set, not the counter).
 */
public final class HsmObject {
  public static final int OUID_LENGTH = 12;

  private final long handle;
  private final int partitionId;
  private final byte[] ouid;
  private final Attributes attributes;

  /** Session that owns a session object; 0 for token objects. */
  private final long ownerSession;

  private final UsageCounter usageCount;
  private final AtomicReference<Object> decoded;

  /**
   * The attributes every key use reads, decoded once from the immutable attribute set (the hot path
   * otherwise does a map lookup and a value decode for each).
   */
  private final long objectClass;

  private final boolean token;
  private final boolean privateObject;
  private final int usageFlags;
  private final long usageLimit;

  /** The usage attributes kept as bits, in this order. */
  private static final long[] USAGE_FLAGS = {
    Cka.SIGN, Cka.VERIFY, Cka.ENCRYPT, Cka.DECRYPT, Cka.WRAP, Cka.UNWRAP
  };

  public HsmObject(
      long handle, int partitionId, byte[] ouid, Attributes attributes, long ownerSession) {
    this(
        handle,
        partitionId,
        ouid,
        attributes,
        ownerSession,
        new UsageCounter(attributes.ulong(Cka.USAGE_COUNT, 0)),
        new AtomicReference<>());
  }

  private HsmObject(
      long handle,
      int partitionId,
      byte[] ouid,
      Attributes attributes,
      long ownerSession,
      UsageCounter usageCount,
      AtomicReference<Object> decoded) {
    if (ouid.length != OUID_LENGTH) {
      throw new IllegalArgumentException(
          "an OUID has " + OUID_LENGTH + " bytes, not " + ouid.length);
    }
    this.handle = handle;
    this.partitionId = partitionId;
    this.ouid = ouid.clone();
    this.attributes = attributes;
    this.ownerSession = ownerSession;
    this.usageCount = usageCount;
    this.decoded = decoded;
    this.objectClass = attributes.ulong(Cka.CLASS, -1);
    this.token = attributes.bool(Cka.TOKEN, false);
    this.privateObject = attributes.bool(Cka.PRIVATE, true);
    int flags = 0;
    for (int i = 0; i < USAGE_FLAGS.length; i++) {
      if (attributes.bool(USAGE_FLAGS[i], false)) {
        flags |= 1 << i;
      }
    }
    this.usageFlags = flags;
    this.usageLimit = attributes.ulong(Cka.USAGE_LIMIT, 0);
  }

  /** The same object with a new attribute set; the decoded-key cache is dropped. */
  public HsmObject withAttributes(Attributes newAttributes) {
    return new HsmObject(
        handle,
        partitionId,
        ouid,
        newAttributes,
        ownerSession,
        usageCount,
        new AtomicReference<>());
  }

  public long handle() {
    return handle;
  }

  public int partitionId() {
    return partitionId;
  }

  public byte[] ouid() {
    return ouid.clone();
  }

  public String ouidHex() {
    return HexFormat.of().formatHex(ouid);
  }

  public Attributes attributes() {
    return attributes;
  }

  public long objectClass() {
    return objectClass;
  }

  /**
   * A boolean usage attribute (SIGN, VERIFY, ENCRYPT, DECRYPT, WRAP, UNWRAP from the cached bits,
   * any other from the attribute set), false when absent.
   */
  public boolean allows(long usage) {
    for (int i = 0; i < USAGE_FLAGS.length; i++) {
      if (USAGE_FLAGS[i] == usage) {
        return (usageFlags & (1 << i)) != 0;
      }
    }
    return attributes.bool(usage, false);
  }

  /**
   * True for a secret or private key that may still both encrypt/decrypt data and wrap/unwrap keys
   * and was not made dual-purpose on purpose: its first use commits it to one kind.
   */
  public boolean isUncommitted() {
    return (objectClass == Cko.SECRET_KEY || objectClass == Cko.PRIVATE_KEY)
        && (usageFlags & DATA_BITS) != 0
        && (usageFlags & KEY_BITS) != 0
        && !attributes.bool(Cka.DUAL_PURPOSE, false);
  }

  private static final int DATA_BITS = (1 << 2) | (1 << 3);
  private static final int KEY_BITS = (1 << 4) | (1 << 5);

  /** CKA_USAGE_LIMIT, 0 when the key has none. */
  public long usageLimit() {
    return usageLimit;
  }

  public long keyType() {
    return attributes.ulong(Cka.KEY_TYPE, -1);
  }

  public boolean isToken() {
    return token;
  }

  public boolean isPrivate() {
    return privateObject;
  }

  public boolean isSensitive() {
    return attributes.bool(Cka.SENSITIVE, false);
  }

  public boolean isExtractable() {
    return attributes.bool(Cka.EXTRACTABLE, false);
  }

  public String label() {
    return attributes.string(Cka.LABEL);
  }

  public long ownerSession() {
    return ownerSession;
  }

  public UsageCounter usageCounter() {
    return usageCount;
  }

  /** Cache slot for the engine's decoded form of the key material (e.g. a java.security.Key). */
  public AtomicReference<Object> decodedCache() {
    return decoded;
  }

  /** Storage record for token objects: handle, OUID, attributes. */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeLong(handle);
      out.writeInt(partitionId);
      out.write(ouid);
      out.write(attributes.toBuilder().set(Cka.USAGE_COUNT, usageCount.get()).build().encode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static HsmObject decode(byte[] record) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
    int version = in.readByte();
    if (version != 1) {
      throw new IOException("unknown object record version " + version);
    }
    long handle = in.readLong();
    int partition = in.readInt();
    byte[] ouid = new byte[OUID_LENGTH];
    in.readFully(ouid);
    return new HsmObject(handle, partition, ouid, Attributes.decode(in), 0);
  }

  /** Shows handle, class, flags and label; never a value. */
  @Override
  public String toString() {
    return String.format(
        "HsmObject{handle=%d, class=%d, keyType=%d, %s, %s, %s, label=%s, ouid=%s}",
        handle,
        objectClass(),
        keyType(),
        isToken() ? "token" : "session",
        isSensitive() ? "sensitive" : "not sensitive",
        isExtractable() ? "extractable" : "not extractable",
        label(),
        ouidHex());
  }
}
