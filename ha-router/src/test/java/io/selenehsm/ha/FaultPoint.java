package io.selenehsm.ha;

import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts a fault at one step of a group call: member slots wrapped by {@link #wrap} run {@code fault}
 * when a chosen member makes its n-th call of a chosen Slot method after {@link #arm}. The fault is
 * usually a {@code DeviceFaults} action, so the member really is gone from then on; {@link
 * When#AFTER_ANSWER_LOST} lets the command take effect and then loses its answer, as a device that
 * fails between doing the work and replying.
 */
final class FaultPoint {
  enum When {
    BEFORE,
    AFTER_ANSWER_LOST
  }

  private volatile Slot target;
  private volatile String method;
  private volatile int nth;
  private volatile When when;
  private volatile Runnable fault;
  private final AtomicInteger seen = new AtomicInteger();
  private volatile boolean fired;

  /** From now on, {@code fault} runs at the {@code nth} call of {@code method} on {@code slot}. */
  void arm(Slot slot, String method, int nth, When when, Runnable fault) {
    this.target = slot;
    this.method = method;
    this.nth = nth;
    this.when = when;
    this.fault = fault;
    this.seen.set(0);
    this.fired = false;
  }

  boolean fired() {
    return fired;
  }

  void disarm() {
    target = null;
  }

  /**
   * The typed Slot method a proxied call stands for: a call value ({@code Slot.call}) is named by
   * its record, e.g. {@code CryptoCall.GenerateKey} as {@code generateKey}.
   */
  private static String methodName(String proxied, Object[] args) {
    if (!proxied.equals("call") || args == null || !(args[0] instanceof SlotCall<?> c)) {
      return proxied;
    }
    String record = c.getClass().getSimpleName();
    return Character.toLowerCase(record.charAt(0)) + record.substring(1);
  }

  /** {@code real} as a Slot whose calls pass through this fault point. */
  Slot wrap(Slot real) {
    Slot[] self = new Slot[1];
    self[0] =
        (Slot)
            Proxy.newProxyInstance(
                Slot.class.getClassLoader(),
                new Class<?>[] {Slot.class},
                (proxy, m, args) -> {
                  boolean hit =
                      target == self[0]
                          && method.equals(methodName(m.getName(), args))
                          && seen.incrementAndGet() == nth;
                  if (hit && when == When.BEFORE) {
                    fired = true;
                    fault.run();
                  }
                  Object result;
                  try {
                    result = m.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (hit && when == When.AFTER_ANSWER_LOST) {
                    fired = true;
                    fault.run();
                    throw new HsmException(
                        Ckr.DEVICE_ERROR, "the answer to " + method + " was lost");
                  }
                  return result;
                });
    return self[0];
  }
}
