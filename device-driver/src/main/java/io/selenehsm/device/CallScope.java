package io.selenehsm.device;

/** The kind of slot a call belongs on: the admin slot, an application partition's slot, or any. */
public enum CallScope {
  ADMIN,
  APPLICATION,
  EITHER
}
