package io.selenehsm.provider.jmx;

import io.selenehsm.device.Device;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.ha.HaGroup;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The MBeans of one provider: one per device, per application slot, per HA group, and one for its
 * sessions. Registered when the provider opens its devices, unregistered by {@link #close}.
 *
 * <p>Design note (concurrency): registration and {@link #close} are called under the owning
 * provider context's lock, so they never race each other; the views themselves hold no state and
 * read the devices live on the JMX client's thread, through the driver's non-waiting status reads,
 * so a hung device cannot block a monitoring client. HA groups and application slots are taken from
 * the slot table when the devices open; groups defined later are not shown.
 */
public final class SeleneMBeans implements AutoCloseable {
  /** System property: {@code -Dselene.jmx=false} keeps providers out of the MBean server. */
  public static final String ENABLED_PROPERTY = "selene.jmx";

  private static final System.Logger LOG = System.getLogger(SeleneMBeans.class.getName());

  private final MBeanServer server;
  private final List<ObjectName> names = new ArrayList<>();

  private SeleneMBeans(MBeanServer server) {
    this.server = server;
  }

  /** Registers in the platform MBean server, unless {@value #ENABLED_PROPERTY} is false. */
  public static SeleneMBeans registerPlatform(
      long appId, DeviceManager devices, Supplier<List<SlotSessions>> sessions) {
    if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY))) {
      return new SeleneMBeans(null);
    }
    return register(ManagementFactory.getPlatformMBeanServer(), appId, devices, sessions);
  }

  /**
   * Registers the views of {@code devices} for the provider with application id {@code appId}.
   * Monitoring must never stop a provider from working: a view that cannot be registered is logged
   * and left out.
   */
  public static SeleneMBeans register(
      MBeanServer server,
      long appId,
      DeviceManager devices,
      Supplier<List<SlotSessions>> sessions) {
    SeleneMBeans m = new SeleneMBeans(server);
    for (Device d : devices.devices()) {
      m.add(new DeviceView(d), SeleneObjectNames.device(appId, d.serial()));
    }
    for (SlotInfo info : devices.slots().list()) {
      if (info.kind() == SlotInfo.Kind.APPLICATION) {
        m.add(
            new PartitionView(devices, info.slotId()),
            SeleneObjectNames.partition(appId, info.slotId()));
      } else if (info.kind() == SlotInfo.Kind.HA_VIRTUAL) {
        m.addGroup(devices, appId, info.slotId());
      }
    }
    m.add(new SessionsView(appId, sessions), SeleneObjectNames.sessions(appId));
    return m;
  }

  private void addGroup(DeviceManager devices, long appId, int slotId) {
    try {
      Slot slot = devices.slot(slotId);
      if (slot instanceof HaGroup group) {
        add(new HaGroupView(group), SeleneObjectNames.haGroup(appId, group.label()));
      }
    } catch (HsmException e) {
      LOG.log(System.Logger.Level.WARNING, "no JMX view for HA slot " + slotId, e);
    }
  }

  private void add(Object view, ObjectName name) {
    try {
      server.registerMBean(view, name);
      names.add(name);
    } catch (JMException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot register JMX view " + name, e);
    }
  }

  /** The names registered, in registration order. */
  public List<ObjectName> names() {
    return List.copyOf(names);
  }

  /** Unregisters every view this instance registered. */
  @Override
  public void close() {
    for (ObjectName n : names) {
      try {
        server.unregisterMBean(n);
      } catch (InstanceNotFoundException e) {
        // Someone unregistered it already: the goal is reached.
      } catch (JMException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot unregister JMX view " + n, e);
      }
    }
    names.clear();
  }
}
