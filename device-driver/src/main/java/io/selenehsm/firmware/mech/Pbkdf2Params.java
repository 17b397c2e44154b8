package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;

/**
 * CK_PKCS5_PBKD2_PARAMS2 with a salt given as data: HMAC hash, password bytes, salt, iterations.
 */
public record Pbkdf2Params(Hash prf, byte[] password, byte[] salt, int iterations)
    implements MechanismParams {
  public Pbkdf2Params {
    password = MechanismParams.copy(password);
    salt = MechanismParams.copy(salt);
  }

  @Override
  public byte[] password() {
    return password.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public void validate() throws HsmException {
    if (prf == null) {
      throw MechanismParams.invalid("PBKDF2 PRF hash must be given");
    }
    if (iterations < 1) {
      throw MechanismParams.invalid(
          "PBKDF2 iteration count " + iterations + ": must be at least 1");
    }
  }

  @Override
  public String toString() {
    return "Pbkdf2Params[prf="
        + prf
        + ", salt="
        + salt.length
        + " bytes, iterations="
        + iterations
        + "]";
  }
}
