package io.selenehsm.provider.testing;

import io.selenehsm.device.Device;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.device.config.ConfigException;
import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.time.FakeTime;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.time.Duration;

/**
 * An in-memory Luna USB HSM 7 with one initialized application partition (label {@value
 * #PARTITION_LABEL}, Crypto Officer PIN {@value #CO_PIN}, Crypto User PIN {@value #CU_PIN}), and a
 * Selene provider bound to it. Nothing touches disk or {@code Security} unless {@link #register()}
 * is called; {@link #close()} undoes both.
 *
 * <p>With {@code -Dselene.test.served=unix} or {@code tls} the provider reaches the device through
 * a {@code selene-server} in a temporary SELENE_HOME (see {@link DeviceRoute}); engine-level
 * helpers ({@link #device()}, {@link #openSessionCount()}) still read the device itself, and
 * administrative setup ({@link #setPartitionPolicy}) runs on the server's side, where the admin
 * slot is visible on every route.
 *
 * <pre>{@code
 * try (SeleneFixture f = SeleneFixture.create().loggedIn()) {
 *   KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", f.provider());
 *   ...
 *   assertEquals(baseline, f.openSessionCount());
 * }
 * }</pre>
 */
public final class SeleneFixture implements AutoCloseable {
  public static final String PARTITION_LABEL = "selene-test-partition";
  public static final String CO_PIN = "co-password-2";
  public static final String CU_PIN = "cu-password-2";
  public static final String PO_PIN = "po-password-1";
  public static final String SO_PIN = "so-password-1";
  public static final String DEVICE_SERIAL = "1234567";
  private static final long SETUP_APP = 7;

  /**
   * Set by the build's {@code provider-first} execution: every fixture installs its provider at
   * position 1 of the global list, where the engine's own primitive lookups would find it.
   */
  private static final boolean PROVIDER_FIRST = Boolean.getBoolean("selene.test.providerFirst");

  static {
    // The JDK (JVM-wide) and Bouncy Castle (per thread) keep the first default SecureRandom
    // they are given. A fixture that installs Selene first and then closes would leave them with
    // an RNG whose device is gone: settle both on software before any fixture installs Selene.
    try {
      KeyPairGenerator.getInstance("EC", "SunEC").generateKeyPair();
      org.bouncycastle.crypto.CryptoServicesRegistrar.getSecureRandom();
    } catch (java.security.GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final DeviceRoute route;
  private final FakeTime time;
  private final SeleneProvider provider;
  private boolean registered;

  private SeleneFixture(DeviceRoute route, FakeTime time) {
    this.route = route;
    this.time = time;
    this.provider = SeleneProvider.over(route.client(), time, Duration.ofMinutes(3));
  }

  /** A fresh HSM, partition and provider (not logged in, not registered). */
  public static SeleneFixture create() {
    try {
      DeviceManager dm =
          DeviceManager.inMemory(
              ClientConfig.parse(
                  "Devices = {\n Device00 = usb, " + DEVICE_SERIAL + ", factory=zeroized;\n}\n",
                  "fixture selene.conf"));
      provision(dm);
      SeleneFixture f =
          new SeleneFixture(DeviceRoute.over(dm, DEVICE_SERIAL + "001"), new FakeTime());
      return PROVIDER_FIRST ? f.registerFirst() : f;
    } catch (HsmException | ConfigException e) {
      throw new IllegalStateException("cannot build the test HSM: " + e.getMessage(), e);
    }
  }

  private static void provision(DeviceManager dm) throws HsmException {
    Slot partition = dm.slot(0);
    Slot admin = dm.slot(1);
    long a = admin.openSession(SETUP_APP, true);
    admin.initHsm(a, "selene-test-hsm", SO_PIN.toCharArray(), "testdomain", null);
    admin.login(a, Role.HSM_SO, SO_PIN.toCharArray());
    admin.createPartition(a, partition.slotId(), 0);
    admin.closeSession(a);
    long s = partition.openSession(SETUP_APP, true);
    partition.initPartition(s, PARTITION_LABEL, PO_PIN.toCharArray(), "testdomain", null);
    partition.login(s, Role.PARTITION_SO, PO_PIN.toCharArray());
    partition.initRole(s, Role.CRYPTO_OFFICER, "co-password-1".toCharArray());
    partition.logout(s);
    partition.login(s, Role.CRYPTO_OFFICER, "co-password-1".toCharArray());
    partition.changePin(s, "co-password-1".toCharArray(), CO_PIN.toCharArray());
    partition.initRole(s, Role.CRYPTO_USER, "cu-password-1".toCharArray());
    partition.logout(s);
    partition.login(s, Role.CRYPTO_USER, "cu-password-1".toCharArray());
    partition.changePin(s, "cu-password-1".toCharArray(), CU_PIN.toCharArray());
    partition.logout(s);
    partition.closeSession(s);
  }

  /** Logs the provider in as Crypto Officer on the partition; returns this. */
  public SeleneFixture loggedIn() {
    slotManager().login(partitionSlot(), CO_PIN);
    return this;
  }

  /** Installs the provider in {@code Security} (replacing any "Selene"); close() removes it. */
  public SeleneFixture register() {
    if (PROVIDER_FIRST) {
      return registerFirst();
    }
    Security.removeProvider(SeleneProvider.NAME);
    Security.addProvider(provider);
    registered = true;
    return this;
  }

  /** Installs the provider at position 1 of {@code Security} (replacing any "Selene"). */
  public SeleneFixture registerFirst() {
    Security.removeProvider(SeleneProvider.NAME);
    Security.insertProviderAt(provider, 1);
    registered = true;
    return this;
  }

  public SeleneProvider provider() {
    return provider;
  }

  public SlotManager slotManager() {
    return provider.getSlotManager();
  }

  /** The devices as the provider reaches them (through the server on a served route). */
  public DeviceManager devices() {
    return route.client();
  }

  /** How the provider reaches the device. */
  public DeviceRoute route() {
    return route;
  }

  /** The device itself (the server's, on a served route). */
  public Device device() {
    return route.server().devices().get(0);
  }

  /** The provider's time (idle sessions); the devices run on the system's. */
  public FakeTime time() {
    return time;
  }

  /** The application partition's slot id (0). */
  public int partitionSlot() {
    return 0;
  }

  /**
   * The HSM's admin slot id (1), on the device itself: a network client sees no admin slot, so use
   * it through {@link #adminSlotOnDevice()}.
   */
  public int adminSlot() {
    return 1;
  }

  /** Slot {@code id} as the provider sees it. */
  public Slot slot(int id) {
    try {
      return route.client().slot(id);
    } catch (HsmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The admin slot of the device itself, reachable on every route. */
  public Slot adminSlotOnDevice() {
    try {
      return route.server().slot(adminSlot());
    } catch (HsmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sessions open on the engine, every application counted. */
  public int openSessionCount() {
    try {
      return device().read(Hsm::openSessionCount);
    } catch (HsmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Objects the provider's application can see in the partition: its session objects plus the token
   * objects (private ones while it is logged in). On a served route the server gives each client
   * connection application ids of its own, so the count is taken through the provider's connection
   * (a session of the provider's application on its slot), as SksFixture does.
   */
  public int visibleObjectCount() {
    try {
      long app = provider.applicationId();
      if (route.isServed()) {
        Slot p = slot(partitionSlot());
        long s = p.openSession(app, false);
        try {
          return p.findObjects(s, Attributes.empty()).size();
        } finally {
          p.closeSession(s);
        }
      }
      return device()
          .read(
              h -> {
                long s = h.openSession(1, app, false);
                try {
                  return h.findObjects(s, Attributes.empty()).size();
                } finally {
                  h.closeSession(s);
                }
              });
    } catch (HsmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sets a partition policy as the Partition SO (a separate application's session, on the device
   * itself: the change is setup, not the behaviour under test).
   */
  public void setPartitionPolicy(int policy, int value) {
    try {
      Slot p = route.server().slot(partitionSlot());
      long s = p.openSession(SETUP_APP, true);
      try {
        p.login(s, Role.PARTITION_SO, PO_PIN.toCharArray());
        p.changePartitionPolicy(s, policy, value);
      } finally {
        p.closeSession(s);
      }
    } catch (HsmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // this instance; Provider.equals compares property tables
  public void close() {
    if (registered) {
      Provider p = Security.getProvider(SeleneProvider.NAME);
      if (p == provider) {
        Security.removeProvider(SeleneProvider.NAME);
      }
    }
    provider.close();
    route.close();
  }
}
