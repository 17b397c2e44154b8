package io.selenehsm.firmware.store;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plaintext inside a sealed record: a list of changes.
 *
 * <pre>
 *   payload := count:int32 change*
 *   change  := PUT keyLen:uint16 key:ascii valueLen:int32 value
 *            | DELETE keyLen:uint16 key:ascii
 * </pre>
 *
 * A log record holds one batch; the snapshot holds every live entry as a put.
 */
final class BatchCodec {
  /** Longest key accepted; keys are short paths, this only bounds a malformed caller. */
  static final int MAX_KEY_LENGTH = 1024;

  /** Largest batch payload; a single command never writes anywhere near this. */
  static final int MAX_BATCH_BYTES = 64 << 20;

  private static final byte PUT = 1;
  private static final byte DELETE = 2;

  private BatchCodec() {}

  /** Rejects what the codec cannot store, before anything is written or applied. */
  static void validate(Map<String, byte[]> changes) throws HsmException {
    long size = Integer.BYTES;
    for (Map.Entry<String, byte[]> change : changes.entrySet()) {
      String key = change.getKey();
      checkKey(key);
      size += changeSize(key, change.getValue());
    }
    if (size > MAX_BATCH_BYTES) {
      throw new HsmException(
          Ckr.DEVICE_MEMORY,
          "batch of " + size + " bytes exceeds the flash record limit of " + MAX_BATCH_BYTES);
    }
  }

  private static void checkKey(String key) throws HsmException {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "flash key must be 1.." + MAX_KEY_LENGTH + " characters: " + abbreviate(key));
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "flash key " + abbreviate(key) + " has a non-printable-ASCII character at index " + i);
      }
    }
  }

  private static String abbreviate(String key) {
    if (key == null) {
      return "null";
    }
    return key.length() <= 64 ? '"' + key + '"' : '"' + key.substring(0, 64) + "...\"";
  }

  private static long changeSize(String key, byte[] value) {
    long size = 1L + Short.BYTES + key.length();
    return value == null ? size : size + Integer.BYTES + value.length;
  }

  /** Encodes validated changes; the caller zeroes the result once sealed. */
  static byte[] encode(Map<String, byte[]> changes) {
    long size = Integer.BYTES;
    for (Map.Entry<String, byte[]> change : changes.entrySet()) {
      size += changeSize(change.getKey(), change.getValue());
    }
    if (size > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("payload of " + size + " bytes does not fit a record");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.putInt(changes.size());
    changes.forEach(
        (key, value) -> {
          out.put(value == null ? DELETE : PUT);
          out.putShort((short) key.length());
          out.put(key.getBytes(StandardCharsets.US_ASCII));
          if (value != null) {
            out.putInt(value.length);
            out.put(value);
          }
        });
    return out.array();
  }

  /**
   * Decodes a payload that already passed authentication. A malformed one can only come from a
   * writer bug or from someone holding the KEK, so it is still reported as corruption.
   */
  static Map<String, byte[]> decode(byte[] payload, Path file, long offset)
      throws StoreCorruptedException {
    ByteBuffer in = ByteBuffer.wrap(payload);
    try {
      int count = in.getInt();
      // Each change takes at least 4 bytes, which bounds a forged count before allocating.
      if (count < 0 || count > in.remaining() / 4) {
        throw new StoreCorruptedException(file, offset, "payload claims " + count + " changes");
      }
      Map<String, byte[]> changes = new LinkedHashMap<>(count * 2);
      for (int i = 0; i < count; i++) {
        byte op = in.get();
        byte[] keyBytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(keyBytes);
        String key = new String(keyBytes, StandardCharsets.US_ASCII);
        if (op == PUT) {
          int length = in.getInt();
          if (length < 0 || length > in.remaining()) {
            throw new StoreCorruptedException(
                file,
                offset,
                "value length " + length + " of key " + abbreviate(key) + " runs past the payload");
          }
          byte[] value = new byte[length];
          in.get(value);
          changes.put(key, value);
        } else if (op == DELETE) {
          changes.put(key, null);
        } else {
          throw new StoreCorruptedException(file, offset, "unknown change type " + op);
        }
      }
      if (in.hasRemaining()) {
        throw new StoreCorruptedException(
            file, offset, in.remaining() + " trailing bytes after the last change");
      }
      return changes;
    } catch (BufferUnderflowException e) {
      throw new StoreCorruptedException(file, offset, "payload ends inside a change");
    }
  }
}
