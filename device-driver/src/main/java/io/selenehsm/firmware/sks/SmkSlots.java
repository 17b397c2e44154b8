package io.selenehsm.firmware.sks;

import io.selenehsm.firmware.mech.SoftwareProviders;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A partition's SKS Master Keys: the Primary SMK (extracts and inserts), the Rollover SMK (the
 * primary before the last rollover; inserts only) and legacy SMKs cloned in from other partitions
 * (inserts only). Immutable; persisted inside the partition record, so whatever destroys the
 * partition's state (zeroize, partition init, partition delete) destroys them too.
 */
public final class SmkSlots {
  /** AES-256. */
  public static final int KEY_BYTES = 32;

  public static final int FINGERPRINT_BYTES = 16;

  /** Legacy slots the partition keeps; cloning one more in replaces the oldest. */
  public static final int MAX_LEGACY = 4;

  private static final SmkSlots EMPTY = new SmkSlots(null, null, List.of());

  private final byte[] primary;
  private final byte[] rollover;
  private final List<byte[]> legacy;

  private SmkSlots(byte[] primary, byte[] rollover, List<byte[]> legacy) {
    this.primary = primary == null ? null : primary.clone();
    this.rollover = rollover == null ? null : rollover.clone();
    this.legacy = legacy.stream().map(byte[]::clone).toList();
  }

  public static SmkSlots empty() {
    return EMPTY;
  }

  /** Which slot an SMK sits in. */
  public enum Slot {
    PRIMARY,
    ROLLOVER,
    LEGACY
  }

  /** An SMK found by fingerprint: its bytes and the slot holding it. */
  public record Found(byte[] key, Slot slot) {}

  public boolean isEmpty() {
    return primary == null && rollover == null && legacy.isEmpty();
  }

  public boolean hasPrimary() {
    return primary != null;
  }

  /** The Primary SMK's bytes (a copy), or null before the Crypto Officer's first login. */
  public byte[] primary() {
    return primary == null ? null : primary.clone();
  }

  public SmkSlots withPrimary(byte[] key) {
    checkKey(key);
    return new SmkSlots(key, rollover, legacy);
  }

  /** A new primary; the old primary moves to the rollover slot, displacing the one there. */
  public SmkSlots rolledOver(byte[] newPrimary) {
    checkKey(newPrimary);
    return new SmkSlots(newPrimary, primary, legacy);
  }

  /** Adds an insert-only SMK; a key already held in any slot is not added twice. */
  public SmkSlots withLegacy(byte[] key) {
    checkKey(key);
    if (find(fingerprint(key)) != null) {
      return this;
    }
    List<byte[]> next = new ArrayList<>(legacy);
    next.add(key);
    while (next.size() > MAX_LEGACY) {
      next.remove(0);
    }
    return new SmkSlots(primary, rollover, next);
  }

  /** The SMK whose fingerprint this is, in any slot, or null. */
  public Found find(byte[] fingerprint) {
    if (primary != null && MessageDigest.isEqual(fingerprint(primary), fingerprint)) {
      return new Found(primary.clone(), Slot.PRIMARY);
    }
    if (rollover != null && MessageDigest.isEqual(fingerprint(rollover), fingerprint)) {
      return new Found(rollover.clone(), Slot.ROLLOVER);
    }
    for (byte[] k : legacy) {
      if (MessageDigest.isEqual(fingerprint(k), fingerprint)) {
        return new Found(k.clone(), Slot.LEGACY);
      }
    }
    return null;
  }

  /** Fingerprints for display: primary, rollover (null when empty), legacy. */
  public SmkInfo info(boolean usable) {
    return new SmkInfo(
        usable, hex(primary), hex(rollover), legacy.stream().map(SmkSlots::hex).toList());
  }

  private static String hex(byte[] key) {
    return key == null ? null : HexFormat.of().formatHex(fingerprint(key));
  }

  /** A one-way identifier of an SMK: SHA-256 over a label and the key, first 16 bytes. */
  public static byte[] fingerprint(byte[] smk) {
    try {
      MessageDigest d = SoftwareProviders.digest("SHA-256");
      d.update("Selene SMK fingerprint".getBytes(StandardCharsets.US_ASCII));
      return Arrays.copyOf(d.digest(smk), FINGERPRINT_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static void checkKey(byte[] key) {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException("an SMK has " + KEY_BYTES + " bytes");
    }
  }

  /** Appends the slots to a partition record: a presence mask, then each key. */
  public void write(DataOutputStream out) throws IOException {
    out.writeByte(1);
    out.writeBoolean(primary != null);
    if (primary != null) {
      out.write(primary);
    }
    out.writeBoolean(rollover != null);
    if (rollover != null) {
      out.write(rollover);
    }
    out.writeByte(legacy.size());
    for (byte[] k : legacy) {
      out.write(k);
    }
  }

  public static SmkSlots read(DataInputStream in) throws IOException {
    int version = in.readByte();
    if (version != 1) {
      throw new IOException("unknown SMK slots version " + version);
    }
    byte[] primary = in.readBoolean() ? readKey(in) : null;
    byte[] rollover = in.readBoolean() ? readKey(in) : null;
    int n = in.readUnsignedByte();
    if (n > MAX_LEGACY) {
      throw new IOException("legacy SMK count " + n + " out of range");
    }
    List<byte[]> legacy = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      legacy.add(readKey(in));
    }
    return new SmkSlots(primary, rollover, legacy);
  }

  private static byte[] readKey(DataInputStream in) throws IOException {
    byte[] k = new byte[KEY_BYTES];
    in.readFully(k);
    return k;
  }

  /** Never shows key bytes. */
  @Override
  public String toString() {
    return "SmkSlots" + info(true);
  }
}
