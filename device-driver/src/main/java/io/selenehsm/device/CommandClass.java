package io.selenehsm.device;

/**
 * The driver's classes of command, each with its own timeout from section {@code Luna} of {@code
 * selene.conf}: key pair generation and cloning may legitimately run far longer than anything else,
 * so a single timeout would either halt healthy devices or wait forever.
 */
public enum CommandClass {
  /** {@code DefaultTimeOut}: every command not in another class. */
  DEFAULT,
  /** {@code KeypairGenTimeOut}: key pair generation. */
  KEYPAIR_GEN,
  /** {@code CloningCommandTimeout}: cloning and backup commands. */
  CLONING
}
