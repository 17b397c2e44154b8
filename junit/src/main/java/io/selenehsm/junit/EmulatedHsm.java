package io.selenehsm.junit;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.DeviceSlot;
import io.selenehsm.device.config.ClientConfig;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.ha.HaGroup;
import io.selenehsm.ha.HaGroups;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.UserRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * One fixture HSM from start to close: the devices (in memory or in a temporary SELENE_HOME),
 * provisioned partitions, the optional HA group, and the provider logged in and registered. {@link
 * #close()} undoes all of it in reverse and deletes the temporary directory.
 */
final class EmulatedHsm implements AutoCloseable {
  private final HsmSettings settings;
  private final Path home;
  private final DeviceManager devices;
  private final List<String> serials;
  private HaGroups haGroups;
  private SeleneProvider provider;
  private ProviderRegistration registration;
  private SeleneHsmAdmin admin;

  private EmulatedHsm(HsmSettings settings, Path home, DeviceManager devices) {
    this.settings = settings;
    this.home = home;
    this.devices = devices;
    this.serials = FixtureConfig.serials(settings);
  }

  static EmulatedHsm start(HsmSettings settings) throws HsmException, IOException {
    ClientConfig config = FixtureConfig.of(settings);
    Path home = null;
    DeviceManager devices;
    if (settings.storage() == SeleneHsm.Storage.TEMPORARY_HOME) {
      home = Files.createTempDirectory("selene-junit-home-");
      try {
        devices = DeviceManager.open(config, home);
      } catch (HsmException | RuntimeException e) {
        deleteTree(home);
        throw e;
      }
    } else {
      devices = DeviceManager.inMemory(config);
    }
    EmulatedHsm hsm = new EmulatedHsm(settings, home, devices);
    try {
      hsm.provision();
      return hsm;
    } catch (HsmException | RuntimeException e) {
      hsm.close();
      throw e;
    }
  }

  private void provision() throws HsmException {
    for (String serial : serials) {
      DeviceSlot admin = adminSlot(serial);
      HsmProvisioner.initHsm(admin, settings.fips());
      HsmProvisioner.createPartition(
          admin, partitionSlot(serial, 1), settings.version().number(), settings.partitionLabel());
    }
    int slot = partitionSlot(serials.get(0), 1).slotId();
    if (settings.haMembers() > 0) {
      haGroups = HaGroups.register(devices);
      HaGroup group = haGroups.groups().get(0);
      slot = group.slotId();
    }
    provider = SeleneProvider.over(devices);
    provider.getSlotManager().login(slot, UserRole.CRYPTO_OFFICER, Pins.CRYPTO_OFFICER);
    registration = ProviderRegistration.install(provider);
    admin = new SeleneHsmAdmin(this, slot);
  }

  DeviceSlot adminSlot(String serial) {
    return devices
        .slots()
        .adminSlot(serial)
        .orElseThrow(
            () -> new IllegalStateException("our bug: device " + serial + " has no admin slot"));
  }

  DeviceSlot partitionSlot(String serial, int partition) {
    return devices
        .slots()
        .applicationSlot(serial, partition)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "device " + serial + " has no partition slot " + partition));
  }

  HsmSettings settings() {
    return settings;
  }

  Path home() {
    return home;
  }

  DeviceManager devices() {
    return devices;
  }

  List<String> serials() {
    return serials;
  }

  SeleneProvider provider() {
    return provider;
  }

  SeleneHsmAdmin admin() {
    return admin;
  }

  /** Logs out, unregisters, closes groups and devices, deletes the temporary home. */
  @Override
  public void close() {
    RuntimeException failure = null;
    try {
      if (provider != null) {
        provider.close();
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    if (registration != null) {
      registration.uninstall();
    }
    if (haGroups != null) {
      haGroups.close();
    }
    devices.close();
    if (home != null) {
      try {
        deleteTree(home);
      } catch (UncheckedIOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary SELENE_HOME " + root, e);
    }
  }
}
