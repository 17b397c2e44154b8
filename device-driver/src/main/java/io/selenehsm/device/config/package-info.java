/**
 * The client configuration: {@code selene.conf} parsed into sections ({@link
 * io.selenehsm.device.config.ClientConfig}), where the file is found ({@link
 * io.selenehsm.device.config.ConfigLocation}), and the device and HA declarations the driver builds
 * its slot table from.
 */
package io.selenehsm.device.config;
