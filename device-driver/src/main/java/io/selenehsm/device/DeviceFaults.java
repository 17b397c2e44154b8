package io.selenehsm.device;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fault injection by device serial, for tests and the HA router's chaos tests: unplug, replug,
 * fail, hang and restore any device of any live {@link DeviceManager} in this JVM. When two live
 * managers hold devices with the same serial, both are affected, as if they shared the hardware.
 *
 * <p>The registry holds devices weakly, so a manager that is dropped without being closed does not
 * stay reachable from here.
 */
public final class DeviceFaults {
  private static final Map<String, List<WeakReference<Device>>> REGISTRY =
      new ConcurrentHashMap<>();

  private DeviceFaults() {}

  /** Removes the device: commands answer {@code CKR_TOKEN_NOT_PRESENT} at once. */
  public static void unplug(String serial) {
    each(serial, Device::unplug);
  }

  /**
   * Plugs an unplugged device back in. It powers up afresh: sessions opened before the unplug are
   * gone. A device that is not unplugged is left as it is.
   */
  public static void replug(String serial) {
    each(serial, Device::replug);
  }

  /** Breaks the device: commands answer {@code CKR_DEVICE_ERROR} at once. */
  public static void fail(String serial) {
    each(serial, Device::fail);
  }

  /**
   * Makes the device stop answering for {@code howLong}. Commands wait until it answers again or
   * their timeout elapses; a timeout halts the device until {@link #restore}.
   */
  public static void hang(String serial, Duration howLong) {
    Objects.requireNonNull(howLong, "howLong");
    each(serial, d -> d.hang(howLong));
  }

  /**
   * A tamper sensor fires: the engine halts (commands answer {@code CKR_DEVICE_ERROR}) until the
   * device restarts ({@link #restore}, or the admin shell's {@code hsm restart}).
   */
  public static void tamper(String serial, TamperKind kind) {
    Objects.requireNonNull(kind, "kind");
    each(serial, d -> d.tamper(kind));
  }

  /** Clears every fault and restarts the engine (sessions opened before are gone). */
  public static void restore(String serial) {
    each(serial, Device::restore);
  }

  static void register(Device device) {
    List<WeakReference<Device>> refs =
        REGISTRY.computeIfAbsent(device.serial(), s -> new CopyOnWriteArrayList<>());
    refs.removeIf(r -> r.get() == null);
    refs.add(new WeakReference<>(device));
  }

  static void unregister(Device device) {
    REGISTRY.computeIfPresent(
        device.serial(),
        (serial, refs) -> {
          refs.removeIf(r -> r.get() == null || r.get() == device);
          return refs.isEmpty() ? null : refs;
        });
  }

  private static void each(String serial, Consumer<Device> fault) {
    List<Device> live = new ArrayList<>();
    List<WeakReference<Device>> refs = REGISTRY.getOrDefault(serial, List.of());
    for (WeakReference<Device> ref : refs) {
      Device d = ref.get();
      if (d != null) {
        live.add(d);
      }
    }
    if (live.isEmpty()) {
      throw new IllegalArgumentException("no live device has serial '" + serial + "'");
    }
    live.forEach(fault);
  }
}
