package io.selenehsm.firmware;

import io.selenehsm.firmware.role.Role;

/** A session's partition, access mode and the role its application is logged in as (or null). */
public record SessionInfo(long handle, int partitionId, boolean readWrite, Role role) {}
