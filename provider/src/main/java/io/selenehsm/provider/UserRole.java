package io.selenehsm.provider;

import io.selenehsm.firmware.role.Role;

/** The partition roles an application logs in as. */
public enum UserRole {
  CRYPTO_OFFICER(Role.CRYPTO_OFFICER),
  CRYPTO_USER(Role.CRYPTO_USER),
  LIMITED_CRYPTO_OFFICER(Role.LIMITED_CRYPTO_OFFICER);

  private final Role role;

  UserRole(Role role) {
    this.role = role;
  }

  /** The engine's role (provider internals: the engine's types are not API). */
  Role role() {
    return role;
  }
}
