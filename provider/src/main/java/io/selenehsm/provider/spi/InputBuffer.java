package io.selenehsm.provider.spi;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The input of a single-part operation collected across update calls: the engine's single-part
 * commands need it whole, and one command per doFinal beats a session held across calls (measured
 * on the engine's HMAC and signature paths).
 *
 * <p>Sized for the common "one update, then finish" case: the first update into an empty buffer
 * fills an array of exactly its length (the one kept from the last operation when the length is the
 * same) and {@link #take} or {@link #lend} passes that array on without copying, so the input is
 * copied once (the caller may reuse its array after update returns). Not synchronized itself: the
 * owning SPI object serialises its engine methods.
 */
final class InputBuffer {
  private static final byte[] EMPTY = new byte[0];

  private byte[] buf = EMPTY;
  private int count;

  void add(byte b) {
    ensure(1);
    buf[count++] = b;
  }

  /**
   * Refuses a range outside {@code b}. Some JCA front ends (MessageDigest.update) pass a negative
   * offset or length through to the SPI; this names it instead of overflowing.
   */
  static void checkRange(byte[] b, int off, int len) {
    if (b == null) {
      throw new IllegalArgumentException("no input buffer given");
    }
    if (off < 0 || len < 0 || off > b.length - len) {
      throw new IllegalArgumentException(
          "offset "
              + off
              + " and length "
              + len
              + " do not lie within the "
              + b.length
              + "-byte buffer");
    }
  }

  void add(byte[] b, int off, int len) {
    checkRange(b, off, len);
    if (len == 0) {
      return;
    }
    ensure(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  void add(ByteBuffer in) {
    int n = in.remaining();
    ensure(n);
    in.get(buf, count, n);
    count += n;
  }

  private void ensure(int more) {
    if (more == 0) {
      return;
    }
    int need = count + more;
    if (need < 0) {
      throw new OutOfMemoryError("input longer than 2 GiB");
    }
    if (count == 0 && need != buf.length) {
      // Exact for the first piece, so a lone update is handed on without a second copy.
      buf = new byte[need];
    } else if (need > buf.length) {
      // Doubling after the first piece keeps many small updates linear.
      buf =
          Arrays.copyOf(
              buf, Math.max(need, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buf.length)));
    }
  }

  int size() {
    return count;
  }

  void reset() {
    count = 0;
  }

  /** A copy of the collected bytes; the buffer keeps them. */
  byte[] toByteArray() {
    return count == 0 ? EMPTY : Arrays.copyOf(buf, count);
  }

  /** The collected bytes; the buffer is empty afterwards. */
  byte[] take() {
    byte[] b;
    if (count == buf.length) {
      b = buf; // handed over: the next input starts a fresh exact-size array
      buf = EMPTY;
    } else {
      b = Arrays.copyOf(buf, count);
    }
    count = 0;
    return b;
  }

  /**
   * The collected bytes, lent rather than handed over: the buffer is empty afterwards but may fill
   * the same array again with the next input of the same length, so the caller must be done with it
   * before the next {@link #add}. For a single-part command, which reads its input during the call
   * and keeps no reference to it: the repeated "update, doFinal" of a Mac or Signature then
   * allocates nothing here (the copy into the buffer is the one the JCA API forces, since the
   * caller may change its array after update returns).
   */
  byte[] lend() {
    if (count == buf.length) {
      count = 0;
      return buf; // kept: the next input of this length is copied into it
    }
    return take();
  }

  /**
   * The collected bytes followed by {@code more}; the buffer is empty afterwards. With nothing
   * collected and all of {@code more} wanted, that is {@code more} itself (single-part commands
   * only read their input and keep no reference to it).
   */
  byte[] take(byte[] more, int off, int len) {
    if (count == 0) {
      if (more == null || len == 0) {
        return EMPTY;
      }
      return off == 0 && len == more.length ? more : Arrays.copyOfRange(more, off, off + len);
    }
    if (more != null && len > 0) {
      add(more, off, len);
    }
    return take();
  }
}
