package io.selenehsm.provider.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The ObjectNames of Selene's MBeans (see the package description). */
public final class SeleneObjectNames {
  /** The one JMX domain every Selene MBean is registered under. */
  public static final String DOMAIN = "io.selenehsm";

  private SeleneObjectNames() {}

  public static ObjectName device(long appId, String serial) {
    return name("type=Device,provider=" + hex(appId) + ",serial=" + ObjectName.quote(serial));
  }

  public static ObjectName partition(long appId, int slotId) {
    return name("type=Partition,provider=" + hex(appId) + ",slot=" + slotId);
  }

  public static ObjectName sessions(long appId) {
    return name("type=Sessions,provider=" + hex(appId));
  }

  public static ObjectName haGroup(long appId, String label) {
    return name("type=HaGroup,provider=" + hex(appId) + ",label=" + ObjectName.quote(label));
  }

  /** Every Selene MBean of one provider, e.g. for {@code MBeanServer.queryNames}. */
  public static ObjectName allOf(long appId) {
    return name("provider=" + hex(appId) + ",*");
  }

  private static String hex(long appId) {
    return Long.toHexString(appId);
  }

  private static ObjectName name(String keys) {
    try {
      return new ObjectName(DOMAIN + ":" + keys);
    } catch (MalformedObjectNameException e) {
      // Keys are built from quoted values and numbers; a failure is a bug here, not input.
      throw new IllegalStateException("bad Selene ObjectName " + keys, e);
    }
  }
}
