package io.selenehsm.provider.spi;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.PinnedSession;
import io.selenehsm.provider.internal.SessionCall;
import io.selenehsm.provider.internal.Token;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The input of a signature, MAC or digest. Up to {@link #THRESHOLD} bytes are collected and
 * processed by one single-part command: no session is held between calls, which is what makes the
 * common "update once, then sign" case fast. Beyond that the operation moves to the engine's
 * multi-part commands on a {@link PinnedSession}: what was collected goes in as the first
 * C_xUpdate, later input is passed on in pieces of at least THRESHOLD bytes (smaller updates are
 * coalesced), so memory stays bounded whatever the total length.
 *
 * <p>The threshold: measured in-process on a shared machine (1 KiB HMAC-SHA256, 20,000 operations),
 * a single-part C_Sign and an init/update/final sequence cost about the same (roughly 9 to 14 us
 * each, noisy), so speed does not decide it. What does: below it no session is pinned between
 * update and final, and the object stays cloneable (JSSE clones handshake digests); at 64 KiB the
 * buffer is still small.
 */
final class StreamedInput {
  static final int THRESHOLD = 64 * 1024;

  /** How the owning SPI runs its operation multi-part; null when it cannot stream. */
  interface MultiPart {
    Token token() throws HsmException;

    /** C_xInit on {@code session}. */
    void init(Slot slot, long session) throws HsmException;

    /** C_xUpdate on {@code session}. */
    void update(Slot slot, long session, byte[] chunk) throws HsmException;
  }

  /** The single-part command over the whole input. */
  @FunctionalInterface
  interface SinglePart<T, E extends Exception> {
    T run(byte[] all) throws HsmException, E;
  }

  private final Object owner;
  private InputBuffer buffer = new InputBuffer();
  private PinnedSession pinned;

  /** {@code owner} is the SPI object: if it is dropped mid-operation its session is freed. */
  StreamedInput(Object owner) {
    this.owner = owner;
  }

  boolean streaming() {
    return pinned != null;
  }

  long buffered() {
    return buffer.size();
  }

  /** Nothing collected and no multi-part operation in progress: a reset would change nothing. */
  boolean isEmpty() {
    return pinned == null && buffer.size() == 0;
  }

  void add(byte b, MultiPart mp) throws HsmException {
    add(new byte[] {b}, 0, 1, mp);
  }

  void add(ByteBuffer in, MultiPart mp) throws HsmException {
    int n = in.remaining();
    if (in.hasArray()) {
      add(in.array(), in.arrayOffset() + in.position(), n, mp);
      in.position(in.position() + n);
    } else {
      // Direct buffers are copied a bounded piece at a time.
      byte[] tmp = new byte[Math.min(n, THRESHOLD)];
      while (in.hasRemaining()) {
        int k = Math.min(tmp.length, in.remaining());
        in.get(tmp, 0, k);
        add(tmp, 0, k, mp);
      }
    }
  }

  void add(byte[] b, int off, int len, MultiPart mp) throws HsmException {
    InputBuffer.checkRange(b, off, len);
    if (len == 0) {
      return;
    }
    if (buffer.size() + len <= THRESHOLD || mp == null) {
      buffer.add(b, off, len);
      return;
    }
    try {
      if (pinned == null) {
        pinned =
            PinnedSession.start(
                    owner,
                    mp.token(),
                    (s, h) -> {
                      mp.init(s, h);
                      return null;
                    })
                .session();
      }
      if (buffer.size() > 0) {
        byte[] first = buffer.take();
        pinned.step(
            (s, h) -> {
              mp.update(s, h, first);
              return null;
            });
      }
      if (len < THRESHOLD) {
        buffer.add(b, off, len);
        return;
      }
      byte[] chunk = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
      pinned.step(
          (s, h) -> {
            mp.update(s, h, chunk);
            return null;
          });
    } catch (HsmException | RuntimeException e) {
      // A failed step has ended the engine operation and freed the session.
      pinned = null;
      buffer.reset();
      throw e;
    }
  }

  /**
   * Finishes: one single-part command when everything is still collected, else the remaining bytes
   * as a last update and then {@code last} (C_xFinal). The input is empty afterwards.
   */
  <T, E extends Exception> T finish(SinglePart<T, E> single, SessionCall<T> last, MultiPart mp)
      throws HsmException, E {
    if (pinned == null) {
      // Lent: the single-part command only reads it, and this object's owner serialises calls.
      return single.run(buffer.lend());
    }
    PinnedSession p = pinned;
    pinned = null;
    try {
      if (buffer.size() > 0) {
        byte[] rest = buffer.take();
        p.step(
            (s, h) -> {
              mp.update(s, h, rest);
              return null;
            });
      }
      return p.finish(last);
    } finally {
      buffer.reset();
    }
  }

  /** Drops the input and ends a multi-part operation in progress. */
  void reset() {
    buffer.reset();
    if (pinned != null) {
      PinnedSession p = pinned;
      pinned = null;
      p.abandon();
    }
  }

  /**
   * A copy for {@code clone()}: possible while the input is still collected here; once it streams,
   * the state lives in the engine session and cannot be duplicated.
   */
  StreamedInput copyFor(Object newOwner) throws CloneNotSupportedException {
    if (pinned != null) {
      throw new CloneNotSupportedException(
          "the operation has streamed more than "
              + THRESHOLD
              + " bytes into the HSM; its state cannot be copied");
    }
    StreamedInput c = new StreamedInput(newOwner);
    c.buffer = new InputBuffer();
    c.buffer.add(buffer.toByteArray(), 0, buffer.size());
    return c;
  }
}
