package io.selenehsm.provider.internal;

import io.selenehsm.device.Slot;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import java.util.List;

/**
 * One slot as the provider uses it (SunPKCS11's Token): the session pool, the login held on the
 * pool's object session, and the calls SPIs make through borrowed sessions.
 *
 * <p>Concurrency. One token per slot and context is shared by every key, SPI and keystore of that
 * context, on any thread. The slot, pool and context never change. {@link #call} takes its own
 * operation session from the lock-free pool, so calls never wait on each other here; {@link
 * #withObjectSession} runs on the pool's one object session, shared by all threads (the engine
 * orders what reaches one session). {@code role} is volatile: login, logout and close write it
 * under this token's monitor, so a login and a logout never interleave; the one unlocked write
 * clears it when the object session turned out lost (benign: it can only forget a login the engine
 * has already forgotten, and the next login sets it again).
 */
public final class Token {
  private final SeleneContext context;
  private final Slot slot;
  private final SessionPool pool;
  private volatile Role role;

  Token(SeleneContext context, Slot slot, SessionPool pool) {
    this.context = context;
    this.slot = slot;
    this.pool = pool;
  }

  public SeleneContext context() {
    return context;
  }

  public Slot slot() {
    return slot;
  }

  public int slotId() {
    return slot.slotId();
  }

  public SessionPool pool() {
    return pool;
  }

  /** Borrows an operation session for one call and returns it whatever happens. */
  public <T> T call(SessionCall<T> call) throws HsmException {
    SessionPool.Affine mine = pool.mine(); // one thread-local lookup for borrow and release
    long s = pool.borrow(mine);
    Throwable failure = null;
    try {
      return call.run(slot, s);
    } catch (HsmException | RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      pool.release(mine, s, failure);
    }
  }

  /**
   * Runs a call that creates or destroys session objects on the object session, which owns them for
   * as long as the provider keeps them.
   */
  public <T> T withObjectSession(SessionCall<T> call) throws HsmException {
    long anchor = pool.anchor();
    try {
      return call.run(slot, anchor);
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.SESSION_HANDLE_INVALID) {
        pool.anchorLost(anchor);
        role = null;
      }
      throw e;
    }
  }

  /** Logs the application in on this slot; every session of the provider shares the login. */
  public synchronized void login(Role r, char[] pin) throws HsmException {
    withObjectSession(
        (s, h) -> {
          s.login(h, r, pin);
          return null;
        });
    role = r;
  }

  public synchronized void logout() throws HsmException {
    try {
      withObjectSession(
          (s, h) -> {
            s.logout(h);
            return null;
          });
    } finally {
      role = null;
    }
  }

  public boolean isLoggedIn() {
    return role != null;
  }

  public Role role() {
    return role;
  }

  /** Reads attributes of an object through an operation session. */
  public Attributes attributes(long handle) throws HsmException {
    return call((s, h) -> s.getAttributes(h, handle));
  }

  public List<Long> find(Attributes template) throws HsmException {
    return call((s, h) -> s.findObjects(h, template));
  }

  /**
   * Destroys a session object the provider created, unless the object session it lived in has
   * closed since (its objects died with it and the handle may have been reused). Used by the key
   * cleaner, so it never throws.
   */
  public void destroySessionObject(long handle, long anchorGeneration) {
    if (!pool.anchorOpenIn(anchorGeneration)) {
      return;
    }
    try {
      withObjectSession(
          (s, h) -> {
            s.destroyObject(h, handle);
            return null;
          });
    } catch (HsmException | RuntimeException e) {
      // Already gone (logout of a private object's owner, device restart): nothing to free.
    }
  }

  /** Closes every session (logging out); session objects die with the object session. */
  public synchronized void close() {
    pool.closeAll();
    role = null;
  }

  @Override
  public String toString() {
    return "Token[slot " + slotId() + (role != null ? ", " + role.shortName() : "") + "]";
  }
}
