package io.selenehsm.provider.spi;

import io.selenehsm.provider.internal.SeleneContext;

/** Builds one SPI instance bound to a provider's context. */
@FunctionalInterface
interface SpiFactory {
  Object create(SeleneContext context) throws Exception;
}
