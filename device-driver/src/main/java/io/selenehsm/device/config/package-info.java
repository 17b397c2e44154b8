/**
 * The client configuration: {@code selene.conf} parsed into sections ({@link
 * io.selenehsm.device.config.ClientConfig}), where the file is found ({@link
 * io.selenehsm.device.config.ConfigLocation}), the device and HA declarations the driver builds its
 * slot table from, and the network client's servers ({@link
 * io.selenehsm.device.config.NetworkDevice}) and Remote Backup Service settings.
 */
package io.selenehsm.device.config;
