package io.selenehsm.firmware.quorum;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Locale;

/** The kinds of iKey, named by the colour of their label, and the secret each one carries. */
public enum IKeyColor {
  /** HSM SO or partition SO. */
  BLUE("security officer"),
  /** Cloning domain of the HSM or of a partition. */
  RED("cloning domain"),
  /** Crypto Officer. */
  BLACK("crypto officer"),
  /** Crypto User or Limited Crypto Officer. */
  GRAY("crypto user / limited crypto officer"),
  /** Auditor. */
  WHITE("auditor"),
  /** Remote PED vector. */
  ORANGE("remote PED vector");

  private final String secretName;

  IKeyColor(String secretName) {
    this.secretName = secretName;
  }

  public String secretName() {
    return secretName;
  }

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IKeyColor fromToken(String token) throws HsmException {
    for (IKeyColor c : values()) {
      if (c.token().equals(token)) {
        return c;
      }
    }
    throw new HsmException(Ckr.DATA_INVALID, "Unknown iKey colour '" + token + "'");
  }

  @Override
  public String toString() {
    return token();
  }
}
