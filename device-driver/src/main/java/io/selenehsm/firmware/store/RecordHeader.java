package io.selenehsm.firmware.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The clear header in front of every sealed record:
 *
 * <pre>
 *   magic:int32  sequence:int64  bodyLength:int32  crc32c(previous 16 bytes):int32
 * </pre>
 *
 * The whole header is the AES-GCM associated data, so the key authenticates it. The CRC adds no
 * security; it lets recovery tell a header damaged in place (corruption) from a header whose record
 * was cut short by a crash (a torn tail) without trusting a damaged length field.
 */
record RecordHeader(int magic, long sequence, int bodyLength) {
  static final int SIZE = 20;

  /** "SLOG": one committed batch in the log. */
  static final int LOG_MAGIC = 0x534c4f47;

  /** "SSNP": the snapshot of every live entry. */
  static final int SNAPSHOT_MAGIC = 0x53534e50;

  byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(SIZE);
    buf.putInt(magic).putLong(sequence).putInt(bodyLength);
    buf.putInt(crc(buf.array()));
    return buf.array();
  }

  /** Whether the stored CRC matches the first 16 bytes of {@code header}. */
  static boolean crcMatches(byte[] header) {
    return ByteBuffer.wrap(header).getInt(SIZE - Integer.BYTES) == crc(header);
  }

  /** Parses a header whose CRC has been checked. */
  static RecordHeader parse(byte[] header) {
    ByteBuffer buf = ByteBuffer.wrap(header);
    return new RecordHeader(buf.getInt(), buf.getLong(), buf.getInt());
  }

  private static int crc(byte[] header) {
    CRC32C crc = new CRC32C();
    crc.update(header, 0, SIZE - Integer.BYTES);
    return (int) crc.getValue();
  }
}
