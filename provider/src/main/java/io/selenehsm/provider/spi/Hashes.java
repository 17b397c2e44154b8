package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.Hash;
import java.security.InvalidAlgorithmParameterException;
import java.util.Locale;

/** Hash names as JCA spells them ("SHA-256", "SHA256", "SHA3-256") to the engine's enum. */
final class Hashes {
  private Hashes() {}

  static Hash byName(String name) throws InvalidAlgorithmParameterException {
    String n = name.toUpperCase(Locale.ROOT).replace("_", "-");
    for (Hash h : Hash.values()) {
      if (h.jcaName().equals(n)
          || h.signatureToken().equals(n)
          || h.jcaName().replace("-", "").equals(n.replace("-", ""))) {
        return h;
      }
    }
    throw new InvalidAlgorithmParameterException(
        "hash "
            + name
            + " is not one Selene supports"
            + " (SHA-1, SHA-224/256/384/512, SHA3-224/256/384/512)");
  }
}
