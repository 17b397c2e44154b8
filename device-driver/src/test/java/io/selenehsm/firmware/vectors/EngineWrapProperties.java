package io.selenehsm.firmware.vectors;

import static io.selenehsm.firmware.vectors.EngineKeys.E;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.IvParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.OaepParams;
import io.selenehsm.firmware.mech.SignatureFormatParams;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.HsmException;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Wrap then unwrap through the engine gives back the same key, for every wrapping mechanism, secret
 * keys of random length and private keys. Each wrapping key is strong enough for what it wraps (the
 * engine refuses otherwise): AES-256 for anything, DES3 (112 bits) for secrets up to 14 bytes and
 * RSA-2048 private keys, RSA-3072 (128 bits) for secrets up to 16 bytes and P-256 private keys.
 */
class EngineWrapProperties {
  enum Wrapping {
    AES_KW,
    AES_KWP,
    AES_CBC_PAD,
    DES3_CBC_PAD,
    RSA_OAEP,
    RSA_PKCS1;

    Mechanism mechanism(byte[] iv) throws HsmException {
      return switch (this) {
        case AES_KW -> Mechanism.of(Ckm.AES_KEY_WRAP);
        case AES_KWP -> Mechanism.of(Ckm.AES_KEY_WRAP_KWP);
        case AES_CBC_PAD -> Mechanism.of(Ckm.AES_CBC_PAD, new IvParams(Arrays.copyOf(iv, 16)));
        case DES3_CBC_PAD -> Mechanism.of(Ckm.DES3_CBC_PAD, new IvParams(Arrays.copyOf(iv, 8)));
        case RSA_OAEP ->
            Mechanism.of(Ckm.RSA_PKCS_OAEP, new OaepParams(Hash.SHA256, Hash.SHA256, new byte[0]));
        case RSA_PKCS1 -> Mechanism.of(Ckm.RSA_PKCS);
      };
    }

    /** {wrapping handle, unwrapping handle}. */
    long[] keys() {
      return switch (this) {
        case AES_KW, AES_KWP, AES_CBC_PAD -> new long[] {EngineKeys.AES_256, EngineKeys.AES_256};
        case DES3_CBC_PAD -> new long[] {EngineKeys.DES3, EngineKeys.DES3};
        case RSA_OAEP, RSA_PKCS1 -> EngineKeys.RSA_3072;
      };
    }

    /** A secret length this mechanism and wrapping key accept, from a random number. */
    int secretLength(int r) {
      return switch (this) {
        case AES_KW -> 16 + 8 * (r % 7); // whole semiblocks, at least two
        case DES3_CBC_PAD -> 1 + r % 14;
        case RSA_OAEP, RSA_PKCS1 -> 1 + r % 16;
        default -> 1 + r % 64;
      };
    }
  }

  @Property(tries = 120)
  void secretKeysRoundTrip(
      @ForAll Wrapping w,
      @ForAll @IntRange(min = 0, max = 1000) int r,
      @ForAll @Size(value = 16) byte[] iv)
      throws Exception {
    long[] k = w.keys();
    long target = EngineKeys.secret(Ckk.GENERIC_SECRET, w.secretLength(r));
    try {
      Mechanism m = w.mechanism(iv);
      byte[] wrapped = E.crypto.wrapKey(E.session, m, k[0], target);
      long back =
          E.crypto.unwrapKey(
              E.session,
              m,
              k[1],
              wrapped,
              Attributes.builder()
                  .set(Cka.CLASS, Cko.SECRET_KEY)
                  .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                  .set(Cka.SENSITIVE, false)
                  .set(Cka.EXTRACTABLE, true)
                  .build());
      assertArrayEquals(E.value(target), E.value(back), w.name());
      E.hsm.destroyObject(E.session, back);
    } finally {
      E.hsm.destroyObject(E.session, target);
    }
  }

  /**
   * A private key comes back as a working key: it signs, and the original public key verifies.
   * AES-KW is left out: a PKCS#8 encoding is rarely a whole number of semiblocks (KWP exists for
   * that).
   */
  @Property(tries = 25)
  void privateKeysRoundTrip(
      @ForAll Wrapping w, @ForAll @Size(value = 16) byte[] iv, @ForAll @Size(max = 100) byte[] data)
      throws Exception {
    if (w == Wrapping.AES_KW) {
      w = Wrapping.AES_KWP;
    }
    long[] k = w.keys();
    boolean rsa = w == Wrapping.DES3_CBC_PAD;
    long[] pair = rsa ? EngineKeys.RSA_2048 : EngineKeys.P256;
    Mechanism m = w.mechanism(iv);
    byte[] wrapped = E.crypto.wrapKey(E.session, m, k[0], pair[1]);
    long back =
        E.crypto.unwrapKey(
            E.session,
            m,
            k[1],
            wrapped,
            Attributes.builder()
                .set(Cka.CLASS, Cko.PRIVATE_KEY)
                .set(Cka.KEY_TYPE, rsa ? Ckk.RSA : Ckk.EC)
                .set(Cka.SIGN, true)
                .build());
    try {
      Mechanism sig =
          rsa
              ? Mechanism.of(Ckm.SHA256_RSA_PKCS)
              : Mechanism.of(Ckm.ECDSA_SHA256, SignatureFormatParams.DER);
      byte[] signature = E.crypto.sign(E.session, sig, back, data);
      E.crypto.verify(E.session, sig, pair[0], data, signature);
    } finally {
      E.hsm.destroyObject(E.session, back);
    }
  }
}
