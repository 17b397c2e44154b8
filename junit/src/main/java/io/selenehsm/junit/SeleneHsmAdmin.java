package io.selenehsm.junit;

import io.selenehsm.device.Device;
import io.selenehsm.device.DeviceFaults;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.firmware.audit.AuditRecord;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.UserRole;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test may do to its fixture HSM besides using the provider: know its slot, label and PINs,
 * create another partition, log in as another role, unplug, fail and restore a device, and read the
 * audit log. HSM errors come out as {@link SeleneCryptokiException} with the {@code CKR_*} code.
 * Devices are numbered from 0 in the order they were created; with an HA group, device {@code i} is
 * member {@code i}.
 */
public final class SeleneHsmAdmin {
  private final EmulatedHsm hsm;
  private final int slot;

  /** Partition index the next {@link #createPartition} uses on device 0. */
  private final AtomicInteger nextPartition = new AtomicInteger(2);

  SeleneHsmAdmin(EmulatedHsm hsm, int slot) {
    this.hsm = hsm;
    this.slot = slot;
  }

  /** The provider registered as "Selene" for this HSM. */
  public SeleneProvider provider() {
    return hsm.provider();
  }

  public SlotManager slotManager() {
    return hsm.provider().getSlotManager();
  }

  /** The devices, for tests that need the driver itself (slot table, raw Slot API). */
  public DeviceManager devices() {
    return hsm.devices();
  }

  /** The slot the provider logged in on: the partition, or the HA group's virtual slot. */
  public int slot() {
    return slot;
  }

  public String partitionLabel() {
    return hsm.settings().partitionLabel();
  }

  public SeleneHsm.PartitionVersion partitionVersion() {
    return hsm.settings().version();
  }

  public boolean fips() {
    return hsm.settings().fips();
  }

  /** The temporary SELENE_HOME, when the HSM keeps its state on disk. */
  public Optional<Path> seleneHome() {
    return Optional.ofNullable(hsm.home());
  }

  /** Serial numbers of the devices, device 0 first. */
  public List<String> deviceSerials() {
    return hsm.serials();
  }

  /** The PIN of a partition role (every partition of the fixture uses the same ones). */
  public String pin(UserRole role) {
    Objects.requireNonNull(role, "role");
    return switch (role) {
      case CRYPTO_OFFICER -> Pins.CRYPTO_OFFICER;
      case CRYPTO_USER -> Pins.CRYPTO_USER;
      case LIMITED_CRYPTO_OFFICER -> Pins.LIMITED_CRYPTO_OFFICER;
    };
  }

  public String partitionSoPin() {
    return Pins.PARTITION_SO;
  }

  public String hsmSoPin() {
    return Pins.HSM_SO;
  }

  /** The cloning domain of the HSMs and partitions. */
  public String domain() {
    return Pins.DOMAIN;
  }

  /**
   * Logs the provider in on {@link #slot()} as {@code role} (its earlier login there ends). New
   * keys are made with that role's rights from now on.
   */
  public void loginAs(UserRole role) {
    slotManager().login(slot, role, pin(role));
  }

  /**
   * Creates and initialises another partition on device 0 with the same version, PINs and roles;
   * returns its slot. The provider stays logged in where it was.
   */
  public int createPartition(String label) {
    Objects.requireNonNull(label, "label");
    String serial = hsm.serials().get(0);
    int index = nextPartition.getAndIncrement();
    DeviceSlot target =
        hsm.devices()
            .slots()
            .applicationSlot(serial, index)
            .orElseThrow(
                () ->
                    new SeleneCryptokiException(
                        Ckr.SLOT_ID_INVALID,
                        "device " + serial + " has no room for partition " + index));
    try {
      HsmProvisioner.createPartition(
          hsm.adminSlot(serial), target, hsm.settings().version().number(), label);
    } catch (HsmException e) {
      throw new SeleneCryptokiException(e.returnCode(), e.detail(), e);
    }
    return target.slotId();
  }

  /** Unplugs device 0: its slots answer CKR_TOKEN_NOT_PRESENT until {@link #restore()}. */
  public void unplug() {
    unplug(0);
  }

  public void unplug(int device) {
    DeviceFaults.unplug(serial(device));
  }

  /** Fails device 0: its commands answer a device error until {@link #restore()}. */
  public void fail() {
    fail(0);
  }

  public void fail(int device) {
    DeviceFaults.fail(serial(device));
  }

  /**
   * Brings device 0 back (plugged in, healthy). Sessions opened before the fault are gone, as after
   * a real device restart: call {@code slotManager().reinitialize()} and log in again.
   */
  public void restore() {
    restore(0);
  }

  public void restore(int device) {
    DeviceFaults.restore(serial(device));
  }

  /** The audit records device 0 holds (not yet rotated into files), oldest first. */
  public List<AuditRecord> auditLog() {
    return auditLog(0);
  }

  public List<AuditRecord> auditLog(int device) {
    String serial = serial(device);
    Device d = hsm.devices().device(serial).orElseThrow();
    try {
      return d.read(engine -> engine.audit().bufferedRecords());
    } catch (HsmException e) {
      throw new SeleneCryptokiException(e.returnCode(), e.detail(), e);
    }
  }

  private String serial(int device) {
    List<String> serials = hsm.serials();
    if (device < 0 || device >= serials.size()) {
      throw new IndexOutOfBoundsException(
          "device " + device + ": this fixture has devices 0 to " + (serials.size() - 1));
    }
    return serials.get(device);
  }

  @Override
  public String toString() {
    return "SeleneHsmAdmin[slot "
        + slot
        + ", partition "
        + partitionLabel()
        + ", devices "
        + hsm.serials()
        + (hsm.home() == null ? ", in memory" : ", SELENE_HOME " + hsm.home())
        + "]";
  }
}
