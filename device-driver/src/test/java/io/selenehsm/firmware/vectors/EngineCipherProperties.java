package io.selenehsm.firmware.vectors;

import static io.selenehsm.firmware.vectors.EngineKeys.E;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.HsmCrypto;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.CtrParams;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.IvParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.OaepParams;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Encryption through the engine: every mode round-trips for random lengths, and multi-part
 * (C_EncryptUpdate in random chunks) gives the same ciphertext as single-part.
 */
class EngineCipherProperties {
  /** The symmetric modes, with the key they run on, block size and whether they pad. */
  enum Mode {
    AES_ECB(Ckm.AES_ECB, 16, false),
    AES_CBC(Ckm.AES_CBC, 16, false),
    AES_CBC_PAD(Ckm.AES_CBC_PAD, 16, true),
    AES_CTR(Ckm.AES_CTR, 1, true),
    AES_GCM(Ckm.AES_GCM, 1, true),
    DES3_ECB(Ckm.DES3_ECB, 8, false),
    DES3_CBC(Ckm.DES3_CBC, 8, false),
    DES3_CBC_PAD(Ckm.DES3_CBC_PAD, 8, true);

    final long id;
    final int block;
    final boolean anyLength;

    Mode(long id, int block, boolean anyLength) {
      this.id = id;
      this.block = block;
      this.anyLength = anyLength;
    }

    long key() {
      return name().startsWith("DES3") ? EngineKeys.DES3 : EngineKeys.AES_256;
    }

    /** The mechanism with fresh parameters drawn from {@code seed} (IV, counter, AAD, tag). */
    Mechanism mechanism(byte[] seed) throws HsmException {
      byte[] iv = Arrays.copyOf(seed, block == 8 ? 8 : 16);
      return switch (this) {
        case AES_ECB, DES3_ECB -> Mechanism.of(id);
        case AES_CBC, AES_CBC_PAD, DES3_CBC, DES3_CBC_PAD -> Mechanism.of(id, new IvParams(iv));
        // Counter bits from 32 to 128: the engine must refuse to wrap, not silently repeat.
        case AES_CTR -> Mechanism.of(id, new CtrParams(64 + (seed[0] & 63), iv));
        case AES_GCM ->
            Mechanism.of(
                id,
                new GcmParams(
                    Arrays.copyOf(seed, 12),
                    Arrays.copyOf(seed, seed[1] & 31),
                    96 + 8 * ((seed[2] & 0xff) % 5)));
      };
    }

    byte[] fit(byte[] data) {
      return anyLength ? data : Arrays.copyOf(data, data.length / block * block);
    }
  }

  @Property(tries = 200)
  void symmetricModesRoundTrip(
      @ForAll Mode mode,
      @ForAll @Size(max = 600) byte[] data,
      @ForAll @Size(value = 16) byte[] seed)
      throws Exception {
    byte[] plain = mode.fit(data);
    Mechanism m = mode.mechanism(seed);
    HsmCrypto.Encrypted enc = E.crypto.encrypt(E.session, m, mode.key(), plain);
    assertEquals(0, enc.generatedIv().length, "the caller gave the IV");
    if (mode == Mode.AES_ECB
        || mode == Mode.AES_CBC
        || mode == Mode.DES3_ECB
        || mode == Mode.DES3_CBC
        || mode == Mode.AES_CTR) {
      assertEquals(plain.length, enc.ciphertext().length);
    }
    assertArrayEquals(
        plain, E.crypto.decrypt(E.session, m, mode.key(), enc.ciphertext()), mode.name());
  }

  @Property(tries = 60)
  void rsaEncryptionRoundTrips(
      @ForAll @Size(max = 245) byte[] data,
      @ForAll boolean oaep,
      @ForAll @Size(max = 40) byte[] label)
      throws Exception {
    // PKCS#1 v1.5 takes up to k - 11 = 245 bytes, OAEP-SHA-256 up to k - 66 = 190.
    byte[] plain = oaep ? Arrays.copyOf(data, Math.min(data.length, 190)) : data;
    Mechanism m =
        oaep
            ? Mechanism.of(Ckm.RSA_PKCS_OAEP, new OaepParams(Hash.SHA256, Hash.SHA1, label))
            : Mechanism.of(Ckm.RSA_PKCS);
    byte[] ct = E.crypto.encrypt(E.session, m, EngineKeys.RSA_2048[0], plain).ciphertext();
    assertEquals(256, ct.length);
    assertArrayEquals(plain, E.crypto.decrypt(E.session, m, EngineKeys.RSA_2048[1], ct));
  }

  @Property(tries = 150)
  void multiPartEncryptionEqualsSinglePart(
      @ForAll Mode mode,
      @ForAll @Size(max = 700) byte[] data,
      @ForAll @Size(value = 16) byte[] seed,
      @ForAll @IntRange(min = 1, max = 97) int chunk)
      throws Exception {
    if (mode != Mode.AES_CBC
        && mode != Mode.AES_CBC_PAD
        && mode != Mode.AES_CTR
        && mode != Mode.AES_GCM
        && mode != Mode.DES3_CBC_PAD) {
      mode = Mode.AES_GCM;
    }
    byte[] plain = mode.fit(data);
    Mechanism m = mode.mechanism(seed);
    byte[] single = E.crypto.encrypt(E.session, m, mode.key(), plain).ciphertext();
    E.crypto.encryptInit(E.session, m, mode.key());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int off = 0; off < plain.length; off += chunk) {
      out.writeBytes(
          E.crypto.encryptUpdate(
              E.session, Arrays.copyOfRange(plain, off, Math.min(plain.length, off + chunk))));
    }
    out.writeBytes(E.crypto.encryptFinal(E.session));
    assertArrayEquals(single, out.toByteArray(), mode.name());
    // And back, in the same chunking.
    E.crypto.decryptInit(E.session, m, mode.key());
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    for (int off = 0; off < single.length; off += chunk) {
      back.writeBytes(
          E.crypto.decryptUpdate(
              E.session, Arrays.copyOfRange(single, off, Math.min(single.length, off + chunk))));
    }
    back.writeBytes(E.crypto.decryptFinal(E.session));
    assertArrayEquals(plain, back.toByteArray(), mode.name());
  }
}
