/**
 * API. The Selene JCA provider and its vendor-style API: {@link
 * io.selenehsm.provider.SeleneProvider}, {@link io.selenehsm.provider.SlotManager}, {@link
 * io.selenehsm.provider.UserRole}, token objects and utilities. With {@code .key} and {@code
 * .exception} this is the provider's whole public API; the other {@code io.selenehsm.provider.*}
 * packages are internal, and a build check keeps their types out of every public signature here.
 */
package io.selenehsm.provider;
