package io.selenehsm.firmware.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * Reads sealed records one after another from a file, verifying each.
 *
 * <p>The distinction that matters is between a torn tail and corruption. A crash while a record is
 * being appended leaves a record that was never acknowledged: its header is cut short, its header
 * says the record runs past the end of the file, or (after power loss on some file systems) the
 * file was extended with zeros that were never written. Those end the scan quietly at {@link
 * #validEnd()}. Everything else that fails to verify — a damaged header, a wrong magic, a complete
 * record whose authentication fails — throws {@link StoreCorruptedException}.
 */
final class RecordScanner {
  /** An authentic record. */
  record Sealed(long offset, long sequence, byte[] payload) {}

  private final FileChannel channel;
  private final Path file;
  private final int magic;
  private final RecordSealer sealer;
  private final long size;
  private long validEnd;
  private boolean tornTail;

  RecordScanner(FileChannel channel, Path file, int magic, RecordSealer sealer) throws IOException {
    this.channel = channel;
    this.file = file;
    this.magic = magic;
    this.sealer = sealer;
    this.size = channel.size();
  }

  /** The next authentic record, or {@code null} at the end of the file or at a torn tail. */
  Sealed next() throws IOException, StoreCorruptedException {
    long offset = validEnd;
    if (tornTail || offset == size) {
      return null;
    }
    if (size - offset < RecordHeader.SIZE) {
      return torn();
    }
    byte[] headerBytes = read(offset, RecordHeader.SIZE);
    if (!RecordHeader.crcMatches(headerBytes)) {
      if (isZeroFrom(offset)) {
        return torn();
      }
      throw corrupt(offset, "record header checksum mismatch");
    }
    RecordHeader header = RecordHeader.parse(headerBytes);
    if (header.magic() != magic) {
      throw corrupt(
          offset, String.format("bad magic 0x%08x, expected 0x%08x", header.magic(), magic));
    }
    if (header.bodyLength() < RecordSealer.NONCE_BYTES + RecordSealer.TAG_BYTES) {
      throw corrupt(offset, "record body length " + header.bodyLength() + " is too short");
    }
    long end = offset + RecordHeader.SIZE + header.bodyLength();
    if (end > size) {
      return torn();
    }
    byte[] body = read(offset + RecordHeader.SIZE, header.bodyLength());
    byte[] payload;
    try {
      payload = sealer.open(headerBytes, body);
    } catch (GeneralSecurityException e) {
      throw corrupt(offset, "record " + header.sequence() + " failed authentication");
    }
    validEnd = end;
    return new Sealed(offset, header.sequence(), payload);
  }

  /** Offset just past the last authentic record read. */
  long validEnd() {
    return validEnd;
  }

  /** Whether the scan stopped at an incomplete record rather than at the end of the file. */
  boolean tornTail() {
    return tornTail;
  }

  long fileSize() {
    return size;
  }

  private Sealed torn() {
    tornTail = true;
    return null;
  }

  StoreCorruptedException corrupt(long offset, String reason) {
    return new StoreCorruptedException(file, offset, reason);
  }

  private byte[] read(long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (channel.read(buf, position + buf.position()) < 0) {
        throw new EOFException(file + " shrank while being read");
      }
    }
    return buf.array();
  }

  private boolean isZeroFrom(long position) throws IOException {
    for (long p = position; p < size; ) {
      byte[] chunk = read(p, (int) Math.min(8192, size - p));
      for (byte b : chunk) {
        if (b != 0) {
          return false;
        }
      }
      p += chunk.length;
    }
    return true;
  }
}
