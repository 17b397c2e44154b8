/**
 * Not API (as Java types; the MXBean attributes below are a monitoring contract). JMX views of what
 * a Selene provider works with, for monitoring (JConsole, VisualVM, a JMX exporter). A provider
 * registers them in the platform MBean server when it opens its devices and unregisters them when
 * it is closed; {@code -Dselene.jmx=false} turns registration off.
 *
 * <p>Every name is in the domain {@value io.selenehsm.provider.jmx.SeleneObjectNames#DOMAIN} and
 * carries {@code provider=<application id in hex>}, so two providers in one JVM never collide:
 *
 * <pre>
 * io.selenehsm:type=Device,provider=5e1e0001,serial=1234567      {@link DeviceMXBean}
 * io.selenehsm:type=Partition,provider=5e1e0001,slot=0           {@link PartitionMXBean}
 * io.selenehsm:type=Sessions,provider=5e1e0001                   {@link SessionsMXBean}
 * io.selenehsm:type=HaGroup,provider=5e1e0001,label="payments"   {@link HaGroupMXBean}
 * </pre>
 *
 * <p>They are MXBeans: every attribute is an open type, so a client needs no Selene class to read
 * them. Readings are live; a device that is not answering reads as -1 (counts) or {@code
 * "unavailable: ..."} (text) rather than failing the whole attribute list.
 */
package io.selenehsm.provider.jmx;
