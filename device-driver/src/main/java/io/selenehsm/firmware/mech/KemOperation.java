package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.HsmException;
import java.security.PrivateKey;
import java.security.PublicKey;

/** Key encapsulation (ML-KEM): a shared secret plus the ciphertext that carries it. */
public interface KemOperation {
  /** The result of encapsulation: the 32-byte shared secret and its ciphertext. */
  record Encapsulation(byte[] sharedSecret, byte[] ciphertext) {
    public Encapsulation {
      sharedSecret = sharedSecret.clone();
      ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] sharedSecret() {
      return sharedSecret.clone();
    }

    @Override
    public byte[] ciphertext() {
      return ciphertext.clone();
    }
  }

  Encapsulation encapsulate(PublicKey recipient) throws HsmException;

  /** FIPS 203 implicit rejection: a bad ciphertext yields a pseudo-random secret, not an error. */
  byte[] decapsulate(PrivateKey key, byte[] ciphertext) throws HsmException;
}
