package io.selenehsm.provider.internal;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.device.config.ConfigLocation;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.time.TimeSource;
import io.selenehsm.ha.HaGroups;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.exception.SeleneException;
import io.selenehsm.provider.jmx.SeleneMBeans;
import io.selenehsm.provider.jmx.SlotSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a provider works with: its devices (opened on first use from SELENE_CONF / SELENE_HOME, from
 * a given selene.conf, or handed in), the Cryptoki application id its sessions share, one {@link
 * Token} per slot it has used, the default slot, and key defaults. Devices it opens itself are
 * {@linkplain DeviceManager#openShared shared} with every other user of the same state in this JVM
 * and come with the HA groups selene.conf declares, as virtual slots.
 *
 * <p>Design note (the JVM default): every default-configured provider and {@code
 * SlotManager.getInstance()} work with one context, {@link #jvmDefault()}, so that a login through
 * the slot manager serves every such provider, whenever it was made, as the vendor's singleton
 * does. Users are counted ({@link #jvmDefault()} counts one more, {@link #close()} one fewer); the
 * last close ends the sessions and releases the devices, and the next {@link #jvmDefault()} starts
 * a new context. {@link #useDefaultDevices} and {@link #resetDefault()} are the documented hook for
 * tests: they end the current default context at once (contexts already handed out keep working on
 * their own, reopening devices on next use) and choose where the next one gets its devices. The
 * static state is guarded by {@code DEFAULT_LOCK}; a context's count and closed flag by the context
 * itself, never while holding {@code DEFAULT_LOCK} and its own lock in the other order.
 */
public final class SeleneContext implements AutoCloseable {
  /** Operation sessions idle longer than this are closed (SunPKCS11 uses three minutes). */
  public static final Duration DEFAULT_IDLE = Duration.ofMinutes(3);

  /** Idle operation sessions kept per slot; more are closed on release. */
  public static final int DEFAULT_MAX_IDLE = 16;

  private static final AtomicLong NEXT_APP = new AtomicLong(0x5E1E_0000L);

  private static final Object DEFAULT_LOCK = new Object();

  /** The JVM default context, null until asked for or after it closed; DEFAULT_LOCK. */
  private static SeleneContext jvmDefault;

  /** Where the next JVM default gets its devices; null: SELENE_CONF / SELENE_HOME. */
  private static DeviceManager defaultDevices;

  /** How devices are obtained: opened on first use, or handed in by the caller. */
  @FunctionalInterface
  public interface DeviceSource {
    DeviceManager open() throws HsmException, ConfigException;
  }

  private final DeviceSource source;
  private final boolean ownsDevices;
  private final TimeSource time;
  private final long idleNanos;
  private final long appId = NEXT_APP.incrementAndGet();
  private final Map<Integer, Token> tokens = new ConcurrentHashMap<>();
  private final KeyDefaults defaults = new KeyDefaults();
  private volatile DeviceManager devices;

  /** This provider's JMX views, registered once the devices are open. */
  private SeleneMBeans mbeans;

  private volatile int defaultSlot = -1;
  private volatile Token current;

  /** Guarded by this. */
  private int users = 1;

  private boolean closed;

  private SeleneContext(DeviceSource source, boolean ownsDevices, TimeSource time, Duration idle) {
    this.source = source;
    this.ownsDevices = ownsDevices;
    this.time = time;
    this.idleNanos = idle.toNanos();
  }

  /**
   * A context of its own over the devices of the configuration in use (SELENE_CONF, else {@code
   * $SELENE_HOME/selene.conf}, else defaults; never the working directory) with state in
   * SELENE_HOME; the devices are shared, the login is not.
   */
  public static SeleneContext fromEnvironment() {
    return new SeleneContext(DeviceManager::openShared, true, TimeSource.system(), DEFAULT_IDLE);
  }

  /** Devices as the selene.conf at {@code path} declares them, state in SELENE_HOME. */
  public static SeleneContext fromConfig(Path path) {
    return new SeleneContext(
        () -> DeviceManager.openShared(ClientConfig.parse(path), seleneHome()),
        true,
        TimeSource.system(),
        DEFAULT_IDLE);
  }

  /**
   * The JVM default context, with one more user counted: the caller closes it once. Its devices are
   * those of SELENE_CONF / SELENE_HOME unless {@link #useDefaultDevices} chose.
   */
  public static SeleneContext jvmDefault() {
    synchronized (DEFAULT_LOCK) {
      SeleneContext c = jvmDefault;
      if (c != null && c.retain()) {
        return c;
      }
      DeviceManager chosen = defaultDevices;
      c =
          chosen == null
              ? fromEnvironment()
              : new SeleneContext(() -> chosen, false, TimeSource.system(), DEFAULT_IDLE);
      jvmDefault = c;
      return c;
    }
  }

  /**
   * For tests: ends the JVM default context now (logging out) and makes the next one work on {@code
   * devices}, which the caller keeps open and closes.
   */
  public static void useDefaultDevices(DeviceManager devices) {
    replaceDefault(java.util.Objects.requireNonNull(devices, "devices"));
  }

  /** For tests: ends the JVM default context now; the next one opens SELENE_CONF's devices. */
  public static void resetDefault() {
    replaceDefault(null);
  }

  private static void replaceDefault(DeviceManager devices) {
    SeleneContext old;
    synchronized (DEFAULT_LOCK) {
      old = jvmDefault;
      jvmDefault = null;
      defaultDevices = devices;
    }
    if (old != null) {
      old.closeNow();
    }
  }

  /** Whether the last user closed this context (or a test hook ended it). */
  public boolean isClosed() {
    synchronized (this) {
      return closed;
    }
  }

  private synchronized boolean retain() {
    if (closed) {
      return false;
    }
    users++;
    return true;
  }

  /** The time this context runs on: idle sessions, and the dates it stamps on stored entries. */
  public TimeSource time() {
    return time;
  }

  /** Devices the caller opened and will close; {@code time} times idle sessions. */
  public static SeleneContext over(DeviceManager devices, TimeSource time, Duration idle) {
    return new SeleneContext(() -> devices, false, time, idle);
  }

  private static Path seleneHome() {
    return ConfigLocation.seleneHome(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The Cryptoki application id under which this provider's sessions run. */
  public long appId() {
    return appId;
  }

  public KeyDefaults defaults() {
    return defaults;
  }

  /** The devices, opened on first use. */
  public DeviceManager devices() {
    DeviceManager d = devices;
    if (d != null) {
      return d;
    }
    synchronized (this) {
      if (devices == null) {
        try {
          DeviceManager opened = source.open();
          if (ownsDevices) {
            try {
              // Once per shared manager: every context over it sees the same virtual slots.
              opened.companion(HaGroups.class, HaGroups::register);
            } catch (HsmException | RuntimeException e) {
              opened.close();
              throw e;
            }
          }
          devices = opened;
          mbeans = SeleneMBeans.registerPlatform(appId, opened, this::sessionReadings);
        } catch (HsmException e) {
          throw new SeleneCryptokiException(e.returnCode(), e.detail(), e);
        } catch (ConfigException e) {
          throw new SeleneException("cannot read the Selene configuration: " + e.getMessage(), e);
        }
      }
      return devices;
    }
  }

  /** The provider's view of slot {@code slotId}; unknown ids answer CKR_SLOT_ID_INVALID. */
  public Token token(int slotId) throws HsmException {
    Token t = tokens.get(slotId);
    if (t != null) {
      return t;
    }
    Slot slot = devices().slot(slotId);
    return tokens.computeIfAbsent(
        slotId,
        id ->
            new Token(this, slot, new SessionPool(slot, appId, time, idleNanos, DEFAULT_MAX_IDLE)));
  }

  /** Tokens this context has opened so far. */
  public Iterable<Token> openedTokens() {
    return tokens.values();
  }

  public void defaultSlot(int slotId) {
    defaultSlot = slotId;
  }

  public int defaultSlot() {
    return defaultSlot;
  }

  /** Remembers the token the application logged in on last: new keys are made there. */
  public void loggedIn(Token t) {
    current = t;
  }

  public void loggedOut(Token t) {
    if (current == t) {
      current = null;
    }
  }

  /** The token the application logged in on, if any. */
  public Token loggedInToken() {
    Token t = current;
    return t != null && t.isLoggedIn() ? t : null;
  }

  /**
   * Where new keys and slot-independent work (random, digests, software-key verification) go: the
   * logged-in token, else the default slot, else the first usable application partition.
   */
  public Token workingToken() throws HsmException {
    Token t = loggedInToken();
    if (t != null) {
      return t;
    }
    int d = defaultSlot;
    if (d >= 0) {
      return token(d);
    }
    return token(firstUsableSlot());
  }

  /** The first slot holding an initialized application partition (or an HA group). */
  public int firstUsableSlot() throws HsmException {
    for (SlotInfo info : devices().slots().list()) {
      if (isUsable(info)) {
        return info.slotId();
      }
    }
    throw new HsmException(
        Ckr.TOKEN_NOT_PRESENT, "no slot holds an initialized application partition");
  }

  public static boolean isUsable(SlotInfo info) {
    return info.tokenPresent()
        && (info.kind() == SlotInfo.Kind.HA_VIRTUAL
            || (info.kind() == SlotInfo.Kind.APPLICATION && "initialized".equals(info.status())));
  }

  /** Closes every session on every slot (logging out); the devices stay open. */
  public void reinitialize() {
    // Tokens stay in the map: keys refer to them, and their pools reopen sessions on next use.
    for (Token t : tokens.values()) {
      t.close();
    }
    current = null;
  }

  /** The session pools of the slots used so far, for the JMX sessions view. */
  private List<SlotSessions> sessionReadings() {
    List<SlotSessions> out = new ArrayList<>();
    for (Token t : tokens.values()) {
      SessionPool p = t.pool();
      out.add(
          new SlotSessions(
              t.slotId(),
              p.inUseCount(),
              p.idleSessionCount(),
              t.isLoggedIn() ? String.valueOf(t.role()) : null));
    }
    out.sort(java.util.Comparator.comparingInt(SlotSessions::slotId));
    return out;
  }

  /**
   * Counts one user fewer; the last one closes the sessions and the JMX views, and releases the
   * devices when this context opened them.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed || --users > 0) {
        return;
      }
      closed = true;
    }
    closeNow();
  }

  private void closeNow() {
    synchronized (this) {
      closed = true;
    }
    synchronized (DEFAULT_LOCK) {
      if (jvmDefault == this) {
        jvmDefault = null;
      }
    }
    synchronized (this) {
      if (mbeans != null) {
        mbeans.close();
        mbeans = null;
      }
      reinitialize();
      if (ownsDevices && devices != null) {
        devices.close();
        devices = null;
        // Tokens hold the closed devices' slots; reopened devices get new ones.
        tokens.clear();
      }
    }
  }
}
