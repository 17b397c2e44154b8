package io.selenehsm.junit;

/** The PINs and names every fixture HSM is set up with (test values, never secrets). */
final class Pins {
  static final String HSM_LABEL = "selene-junit-hsm";
  static final String DOMAIN = "selene-junit-domain";
  static final String HSM_SO = "HsmSoPassw0rd";
  static final String PARTITION_SO = "PartSoPassw0rd";
  static final String CRYPTO_OFFICER = "CoPassw0rd";
  static final String CRYPTO_USER = "CuPassw0rd";
  static final String LIMITED_CRYPTO_OFFICER = "LcoPassw0rd";

  /** A new Crypto Officer must change the PIN it was given (partition policy 21). */
  static final String CRYPTO_OFFICER_FIRST = "CoFirstPassw0rd";

  private Pins() {}
}
