package io.selenehsm.provider.sks;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.testing.DeviceRoute;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;

/**
 * An in-memory USB HSM 7 with one V1 application partition (slot 0), a Selene provider over it and
 * an SKS keystore descriptor naming an embedded store in a test folder. Each fixture uses its own
 * store file, so fixtures never share an inserted-key cache.
 */
final class SksFixture implements AutoCloseable {
  static final String CO_PIN = "co-password-2";
  static final String PO_PIN = "po-password-1";
  static final String SO_PIN = "so-password-1";
  private static final long SETUP_APP = 7;

  /** The devices as the provider reaches them (through a server on a served route). */
  final DeviceManager devices;

  final SeleneProvider provider;
  final Path store;
  private final DeviceRoute route;

  private SksFixture(DeviceRoute route, Path store) {
    this.route = route;
    this.devices = route.client();
    this.provider = SeleneProvider.over(devices);
    this.store = store;
  }

  static SksFixture create(Path dir) throws Exception {
    return create(dir, 1);
  }

  /** A device whose partition has {@code version} (0 or 1). */
  static SksFixture create(Path dir, int version) throws Exception {
    DeviceManager dm =
        DeviceManager.inMemory(
            ClientConfig.parse(
                "Devices = {\n Device00 = usb, 1234567, factory=zeroized;\n}\n", "sks test"));
    provision(dm, version);
    // In process, or through a served device when the build asks for one (-Dselene.test.served).
    return new SksFixture(DeviceRoute.over(dm, "1234567001"), dir.resolve("sks-store.mv"));
  }

  static void provision(DeviceManager dm, int version) throws Exception {
    Slot partition = dm.slot(0);
    Slot admin = dm.slot(1);
    long a = admin.openSession(SETUP_APP, true);
    admin.initHsm(a, "sks-test-hsm", SO_PIN.toCharArray(), "testdomain", null);
    admin.login(a, Role.HSM_SO, SO_PIN.toCharArray());
    admin.createPartition(a, 0, version);
    admin.closeSession(a);
    long s = partition.openSession(SETUP_APP, true);
    partition.initPartition(s, "sks-part", PO_PIN.toCharArray(), "testdomain", null);
    partition.login(s, Role.PARTITION_SO, PO_PIN.toCharArray());
    partition.initRole(s, Role.CRYPTO_OFFICER, "co-password-1".toCharArray());
    partition.logout(s);
    partition.login(s, Role.CRYPTO_OFFICER, "co-password-1".toCharArray());
    partition.changePin(s, "co-password-1".toCharArray(), CO_PIN.toCharArray());
    partition.logout(s);
    partition.closeSession(s);
  }

  String descriptor() {
    return "slot:0\nstore:" + store + "\n";
  }

  /** A loaded SKS keystore over this fixture's store. */
  KeyStore keyStore() throws Exception {
    KeyStore ks = KeyStore.getInstance("SKS", provider);
    ks.load(
        new java.io.ByteArrayInputStream(descriptor().getBytes(StandardCharsets.UTF_8)),
        CO_PIN.toCharArray());
    return ks;
  }

  /** Blob inserts this fixture's keystores made. */
  long inserts() {
    return SksRegistry.insertCount(store.toString());
  }

  /** Objects the provider's application sees in the partition (session objects included). */
  int visibleObjects() throws Exception {
    Slot slot = devices.slot(0);
    long s = slot.openSession(provider.applicationId(), false);
    try {
      return slot.findObjects(s, Attributes.empty()).size();
    } finally {
      slot.closeSession(s);
    }
  }

  X509Certificate selfSigned(KeyPair pair, String cn) throws Exception {
    return io.selenehsm.provider.SeleneCertificateX509.selfSign(
        pair,
        "CN=" + cn,
        BigInteger.ONE,
        new Date(System.currentTimeMillis() - 60_000),
        new Date(System.currentTimeMillis() + 86_400_000L),
        provider);
  }

  /**
   * As {@link #selfSigned}, signed by SunEC: a software key handed to Selene for one signature
   * becomes a session object that lives until the key is collected, which would race a count of
   * visible objects.
   */
  X509Certificate selfSignedInSoftware(KeyPair pair, String cn) throws Exception {
    return io.selenehsm.provider.SeleneCertificateX509.selfSign(
        pair,
        "CN=" + cn,
        BigInteger.ONE,
        new Date(System.currentTimeMillis() - 60_000),
        new Date(System.currentTimeMillis() + 86_400_000L),
        java.security.Security.getProvider("SunEC"));
  }

  /** As the Partition SO, on the device itself (setup, not the behaviour under test). */
  void setPartitionPolicy(int policy, int value) throws Exception {
    Slot p = route.server().slot(0);
    long s = p.openSession(SETUP_APP, true);
    try {
      p.login(s, Role.PARTITION_SO, PO_PIN.toCharArray());
      p.changePartitionPolicy(s, policy, value);
    } finally {
      p.closeSession(s);
    }
  }

  @Override
  public void close() {
    SksRegistry.close(store.toString());
    provider.close();
    route.close();
  }
}
