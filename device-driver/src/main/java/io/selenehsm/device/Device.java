package io.selenehsm.device;

import io.selenehsm.device.DeviceState.Health;
import io.selenehsm.device.config.DeviceKind;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.HsmModel;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One emulated device as the host sees it: the firmware engine, its kind and serial, whether it is
 * plugged in and answering, and the command timeouts. Every engine call crosses {@link #call}, the
 * driver's routing boundary.
 *
 * <p>Design notes. Commands run inline on the caller's thread: an executor hop would cost more than
 * most crypto commands, and the engine is thread-safe. The only shared state on the fast path is
 * the volatile {@link DeviceState}; a healthy device costs one volatile read and two monotonic time
 * reads per command. Faults are injected through {@link DeviceFaults}:
 *
 * <ul>
 *   <li>unplugged: {@code CKR_TOKEN_NOT_PRESENT} at once;
 *   <li>failed, or halted after a timeout: {@code CKR_DEVICE_ERROR} at once;
 *   <li>hung: the caller waits, interruptibly, until the hang ends or the command class's timeout
 *       elapses; a timeout answers {@code CKR_DEVICE_ERROR} and halts the device, as the vendor
 *       driver does, until it is restored.
 * </ul>
 *
 * A command that itself runs past its timeout is also answered with {@code CKR_DEVICE_ERROR} (its
 * result discarded) and halts the device. Nothing waits longer than the timeout.
 *
 * <p>Replugging or restoring a device restarts its engine, exactly like power-cycling real
 * hardware: sessions and logins opened before are gone, and their handles answer {@code
 * CKR_SESSION_HANDLE_INVALID}. A hang that simply ends keeps them.
 */
public final class Device {
  private final DeviceKind kind;
  private final Hsm hsm;
  private final CommandTimeouts timeouts;

  /** Each command class's timeout in saturated nanoseconds, by ordinal: worked out once. */
  private final long[] budgets;

  private final TimeSource time;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile DeviceState state = DeviceState.HEALTHY;

  /**
   * Counts engine restarts (and the final close), so slots can forget the session handles a restart
   * dropped and commands caught in one can say so. Written under {@link #lock}.
   */
  private volatile long generation;

  /**
   * @param time the time source whose monotonic readings time hang deadlines and commands (the
   *     system's in production; tests inject a fake)
   */
  Device(DeviceKind kind, Hsm hsm, CommandTimeouts timeouts, TimeSource time) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.hsm = Objects.requireNonNull(hsm, "hsm");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.budgets = new long[CommandClass.values().length];
    for (CommandClass c : CommandClass.values()) {
      budgets[c.ordinal()] = timeouts.nanos(c);
    }
    this.time = Objects.requireNonNull(time, "time");
  }

  public String serial() {
    return hsm.serial();
  }

  public DeviceKind kind() {
    return kind;
  }

  public HsmModel model() {
    return hsm.model();
  }

  public CommandTimeouts timeouts() {
    return timeouts;
  }

  /** False while unplugged (or after its manager closed). */
  public boolean isPresent() {
    return state.health() != Health.UNPLUGGED;
  }

  /** How the driver sees the device: "healthy", "unplugged", "failed", "hung" or "halted: ...". */
  public String condition() {
    DeviceState s = state;
    if (s.hangOverAt(time.nanoTime())) {
      return "healthy";
    }
    return s.health() == Health.HEALTHY ? "healthy" : s.detail();
  }

  long generation() {
    return generation;
  }

  /**
   * Runs one command on this device's engine, on the calling thread, within the timeout of {@code
   * cls}. Fails fast on an unplugged, failed or halted device; waits on a hung one.
   */
  public <T> T call(CommandClass cls, Command<T> command) throws HsmException {
    long budget = budgets[cls.ordinal()];
    // Budgets are seconds: the coarse clock's lag of some milliseconds does not matter to the
    // check after the command, its cost on every call does. A wait for a hung device is timed on
    // the precise clock (it is rare, and its deadline is what a caller sees).
    long start = time.coarseNanoTime();
    if (state.health() != Health.HEALTHY) {
      awaitHealthy(time.nanoTime(), budget);
    }
    T result = runGuarded(command);
    if (time.coarseNanoTime() - start > budget) {
      throw timedOut(budget);
    }
    return result;
  }

  /**
   * Runs a command, reporting a failure caused by a restart or close that began while it ran as the
   * device error it is, rather than whatever the engine tripped over.
   */
  private <T> T runGuarded(Command<T> command) throws HsmException {
    long generationAtStart = generation;
    try {
      return command.run(hsm);
    } catch (HsmException | RuntimeException e) {
      if (generation != generationAtStart) {
        throw new HsmException(
            Ckr.DEVICE_ERROR,
            "device " + serial() + " restarted or went away during the command",
            e);
      }
      throw e;
    }
  }

  /**
   * Runs a status read that must not wait or halt anything (slot listings, slot info): a device
   * that is not answering right now fails at once with the code {@link #call} would give.
   */
  public <T> T read(Command<T> command) throws HsmException {
    DeviceState s = state;
    if (s.health() != Health.HEALTHY && !s.hangOverAt(time.nanoTime())) {
      throw s.worthWaitingFor()
          ? new HsmException(
              Ckr.DEVICE_ERROR, "device " + serial() + " is not responding (" + s.detail() + ")")
          : refusal(s);
    }
    return runGuarded(command);
  }

  private void awaitHealthy(long start, long budget) throws HsmException {
    try {
      lock.lockInterruptibly();
      try {
        while (true) {
          DeviceState s = state;
          long now = time.nanoTime();
          if (s.health() == Health.HEALTHY) {
            return;
          }
          if (s.hangOverAt(now)) {
            state = DeviceState.HEALTHY;
            changed.signalAll();
            return;
          }
          if (!s.worthWaitingFor()) {
            throw refusal(s);
          }
          long left = budget - (now - start);
          if (left <= 0) {
            throw timedOutLocked(budget);
          }
          changed.awaitNanos(
              s.health() == Health.HUNG ? Math.min(left, s.hangEndsAt() - now) : left);
        }
      } finally {
        lock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HsmException(
          Ckr.FUNCTION_CANCELED, "interrupted while waiting for device " + serial() + " to answer");
    }
  }

  private HsmException refusal(DeviceState s) {
    return switch (s.health()) {
      case UNPLUGGED ->
          new HsmException(
              Ckr.TOKEN_NOT_PRESENT, "device " + serial() + " is not present (" + s.detail() + ")");
      case FAILED ->
          new HsmException(
              Ckr.DEVICE_ERROR, "device " + serial() + " has failed (" + s.detail() + ")");
      case HALTED ->
          new HsmException(
              Ckr.DEVICE_ERROR,
              "device " + serial() + " is halted (" + s.detail() + "); restore it");
      case HEALTHY, HUNG, RESTARTING ->
          throw new IllegalStateException("our bug: " + s + " refuses nothing");
    };
  }

  private HsmException timedOut(long budget) {
    lock.lock();
    try {
      return timedOutLocked(budget);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Halts a device that was answering or hung. A fault injected meanwhile stands, and a restart in
   * progress is not a device failure, so neither is overwritten.
   */
  private HsmException timedOutLocked(long budget) {
    String what = "command timed out after " + Ticks.millis(budget) + " ms";
    Health h = state.health();
    if (h == Health.HEALTHY || h == Health.HUNG) {
      state = DeviceState.halted("a " + what);
      changed.signalAll();
      return new HsmException(
          Ckr.DEVICE_ERROR,
          what + " on device " + serial() + "; the device is halted until restored");
    }
    return new HsmException(
        Ckr.DEVICE_ERROR, what + " on device " + serial() + " (" + state.detail() + ")");
  }

  // ---------------------------------------------------------------- faults (see DeviceFaults)

  void unplug() {
    transition(DeviceState.unplugged("unplugged"));
  }

  /** Plugs an unplugged device back in: it powers up afresh. Does nothing otherwise. */
  void replug() {
    lock.lock();
    try {
      if (state.health() == Health.UNPLUGGED) {
        powerCycle();
      }
    } finally {
      lock.unlock();
    }
  }

  void fail() {
    transition(DeviceState.failed("injected device failure"));
  }

  void hang(Duration howLong) {
    transition(DeviceState.hungUntil(time.nanoTime() + Ticks.saturatedNanos(howLong)));
  }

  /** Reports a tamper event to the engine, which halts until restarted. */
  void tamper(TamperKind kind) {
    hsm.tamper(kind.description());
  }

  /** Power-cycles the device on command (the admin shell's {@code hsm restart}). */
  public void restart() {
    restore();
  }

  /** Clears every fault and restarts the engine. */
  void restore() {
    lock.lock();
    try {
      powerCycle();
    } finally {
      lock.unlock();
    }
  }

  /** Takes the device away for good: its manager closed. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // generation is written only under lock
  void close() {
    lock.lock();
    try {
      generation++;
      state = DeviceState.unplugged("its DeviceManager is closed");
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    hsm.close();
  }

  private void transition(DeviceState next) {
    lock.lock();
    try {
      state = next;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Restarts the engine (caller holds the lock). Meanwhile the device looks hung, so callers wait
   * instead of reaching a half-started engine; the lock is released during the restart so they can.
   */
  @SuppressWarnings({
    "NonAtomicVolatileUpdate", // generation is written only under lock
    "ReferenceEquality" // the very restart this call began, not an equal state
  })
  private void powerCycle() {
    DeviceState restarting = DeviceState.restarting();
    state = restarting;
    // Before the restart, so that commands in flight and session handles see it at once.
    generation++;
    DeviceState after = DeviceState.HEALTHY;
    lock.unlock();
    try {
      hsm.restart();
    } catch (HsmException | RuntimeException e) {
      after = DeviceState.failed("restart failed: " + e.getMessage());
    } finally {
      lock.lock();
      // A fault injected during the restart, or a later restart still running, stands.
      if (state == restarting) {
        state = after;
      }
      changed.signalAll();
    }
  }

  @Override
  public String toString() {
    return "Device[" + kind.configName() + " " + serial() + ", " + condition() + "]";
  }
}
