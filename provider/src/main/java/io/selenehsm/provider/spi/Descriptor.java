package io.selenehsm.provider.spi;

import java.util.List;
import java.util.Map;

/**
 * One row of the service table: JCA type and algorithm, aliases, the SPI class (for display), how
 * to build it, whether it takes keys (then it declares SupportedKeyClasses) and any further
 * attributes.
 */
record Descriptor(
    String type,
    String algorithm,
    List<String> aliases,
    Class<?> spiClass,
    SpiFactory factory,
    boolean takesKeys,
    Map<String, String> attributes) {}
