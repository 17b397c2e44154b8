package io.selenehsm.provider.jmx;

/** The provider's own sessions: operation sessions lent out and idle, per slot it has used. */
public interface SessionsMXBean {
  /** The Cryptoki application id the provider's sessions share. */
  long getApplicationId();

  /** Operation sessions lent out right now, over every slot. */
  long getSessionsInUse();

  /** Idle operation sessions kept for reuse, over every slot. */
  int getIdleSessions();

  /** One line per slot used, e.g. {@code "slot 0: 1 in use, 3 idle, CRYPTO_OFFICER"}. */
  String[] getSlots();
}
