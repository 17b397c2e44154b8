package io.selenehsm.provider.spi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The input of a single-part operation collected across update calls: the engine's
 * single-part commands need it whole, and one command per doFinal beats a session held across
 * calls (measured on the engine's HMAC and signature paths).
 */
final class InputBuffer extends ByteArrayOutputStream {
  InputBuffer() {
    super(256);
  }

  void add(byte b) {
    write(b);
  }

  void add(byte[] b, int off, int len) {
    write(b, off, len);
  }

  void add(ByteBuffer in) {
    int n = in.remaining();
    if (in.hasArray()) {
      write(in.array(), in.arrayOffset() + in.position(), n);
      in.position(in.position() + n);
    } else {
      byte[] tmp = new byte[n];
      in.get(tmp);
      write(tmp, 0, n);
    }
  }

  /** The collected bytes; the buffer is empty afterwards. */
  byte[] take() {
    byte[] b = toByteArray();
    reset();
    return b;
  }

  /** The collected bytes followed by {@code more}; the buffer is empty afterwards. */
  byte[] take(byte[] more, int off, int len) {
    if (more != null && len > 0) {
      write(more, off, len);
    }
    return take();
  }
}
