package io.selenehsm.provider.internal;

import io.selenehsm.firmware.rc.HsmException;
import java.lang.ref.Cleaner;

/**
 * A pooled session held for the length of one multi-part engine operation (C_xInit ... C_xUpdate
 * ... C_xFinal): the engine keeps the operation's state in the session, so every step must use the
 * same one.
 *
 * <p>Endings: {@link #finish} runs the last step and returns the session to the pool; a step that
 * fails has already ended the operation in the engine, so the session goes back too; {@link
 * #abandon} (re-init, reset) closes the session, which ends the operation; and if the owning SPI
 * object becomes unreachable mid-operation a {@link Cleaner} closes it, so a forgotten Cipher or
 * Signature never pins a session for ever.
 *
 * <p>Concurrency. A pinned session belongs to one SPI object, which serialises its own calls, so
 * steps never run concurrently. What is shared is the ending: the owner's {@link #finish}, {@link
 * #step} failure or {@link #abandon} and the cleaner's thread may race to end the operation. {@code
 * Unpin.end()} is synchronized and answers true exactly once, so the session goes back to the pool
 * (or is closed) exactly once, whoever comes first; the others only deregister the cleaner.
 */
public final class PinnedSession {
  private static final Cleaner CLEANER = Cleaner.create();

  /** Closes the session unless the operation ended normally; no reference to the owner. */
  private static final class Unpin implements Runnable {
    private final SessionPool pool;
    private final long session;
    private boolean done;

    Unpin(SessionPool pool, long session) {
      this.pool = pool;
      this.session = session;
    }

    synchronized boolean end() {
      boolean first = !done;
      done = true;
      return first;
    }

    @Override
    public void run() {
      if (end()) {
        pool.discard(session);
      }
    }
  }

  private final Token token;
  private final long session;
  private final Unpin unpin;
  private final Cleaner.Cleanable cleanable;

  private PinnedSession(Object owner, Token token, long session) {
    this.token = token;
    this.session = session;
    this.unpin = new Unpin(token.pool(), session);
    this.cleanable = CLEANER.register(owner, unpin);
  }

  /**
   * Borrows a session and runs {@code init} (the C_xInit) on it; the session stays pinned to {@code
   * owner} until the operation ends. A failed init returns the session at once.
   */
  public static <T> Pinned<T> start(Object owner, Token token, SessionCall<T> init)
      throws HsmException {
    long s = token.pool().borrow();
    T result;
    try {
      result = init.run(token.slot(), s);
    } catch (HsmException | RuntimeException e) {
      token.pool().release(s, e);
      throw e;
    }
    return new Pinned<>(new PinnedSession(owner, token, s), result);
  }

  /** A started operation and what its init returned (e.g. an HSM-generated IV). */
  public record Pinned<T>(PinnedSession session, T initResult) {}

  public Token token() {
    return token;
  }

  /** One middle step (C_xUpdate); if it fails the engine has ended the operation. */
  public <T> T step(SessionCall<T> call) throws HsmException {
    try {
      return call.run(token.slot(), session);
    } catch (HsmException | RuntimeException e) {
      endWith(e);
      throw e;
    }
  }

  /** The last step (C_xFinal); the session goes back to the pool whatever happens. */
  public <T> T finish(SessionCall<T> call) throws HsmException {
    Throwable failure = null;
    try {
      return call.run(token.slot(), session);
    } catch (HsmException | RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      endWith(failure);
    }
  }

  /** Ends the operation early by closing the session (re-init, reset, failure outside the HSM). */
  public void abandon() {
    if (unpin.end()) {
      token.pool().discard(session);
    }
    cleanable.clean();
  }

  private void endWith(Throwable failure) {
    if (unpin.end()) {
      token.pool().release(session, failure);
    }
    cleanable.clean();
  }
}
