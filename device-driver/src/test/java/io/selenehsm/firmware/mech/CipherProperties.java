package io.selenehsm.firmware.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayOutputStream;
import java.security.Key;
import java.util.Arrays;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips and chunking invariance for every cipher and wrap mechanism. */
class CipherProperties {
  private static final MechanismService SVC = TestKeys.SVC;
  private static final Key AES =
      new SecretKeySpec(
          new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
            25, 26, 27, 28, 29, 30, 31, 32
          },
          "AES");
  private static final Key DES3 =
      new SecretKeySpec(
          new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24
          },
          "DESede");

  /** A cipher mechanism with its key and block alignment need (0 = any length). */
  record Mode(String name, Mechanism mechanism, Key key, int align) {
    @Override
    public String toString() {
      return name;
    }
  }

  @Provide
  Arbitrary<Mode> modes() throws HsmException {
    return Arbitraries.of(
        List.of(
            new Mode("AES-ECB", Mechanism.of(Ckm.AES_ECB), AES, 16),
            new Mode("AES-CBC", Mechanism.of(Ckm.AES_CBC, new IvParams(new byte[16])), AES, 16),
            new Mode(
                "AES-CBC-PAD", Mechanism.of(Ckm.AES_CBC_PAD, new IvParams(new byte[16])), AES, 0),
            new Mode("AES-CTR", Mechanism.of(Ckm.AES_CTR, new CtrParams(32, new byte[16])), AES, 0),
            new Mode(
                "AES-GCM-96",
                Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], new byte[] {7}, 96)),
                AES,
                0),
            new Mode(
                "AES-GCM-128",
                Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], null, 128)),
                AES,
                0),
            new Mode("DES3-ECB", Mechanism.of(Ckm.DES3_ECB), DES3, 8),
            new Mode("DES3-CBC", Mechanism.of(Ckm.DES3_CBC, new IvParams(new byte[8])), DES3, 8),
            new Mode(
                "DES3-CBC-PAD",
                Mechanism.of(Ckm.DES3_CBC_PAD, new IvParams(new byte[8])),
                DES3,
                0)));
  }

  @Property(tries = 150)
  void encryptDecryptRoundTripsInAnyChunking(
      @ForAll("modes") Mode mode,
      @ForAll @Size(max = 300) byte[] raw,
      @ForAll @IntRange(min = 1, max = 64) int chunk)
      throws HsmException {
    byte[] data =
        mode.align() == 0 ? raw : Arrays.copyOf(raw, raw.length - raw.length % mode.align());
    byte[] single = SVC.encryptor(mode.mechanism(), mode.key()).process(data);
    byte[] multi = chunked(SVC.encryptor(mode.mechanism(), mode.key()), data, chunk);
    assertArrayEquals(single, multi);
    assertArrayEquals(data, chunked(SVC.decryptor(mode.mechanism(), mode.key()), single, chunk));
  }

  @Property(tries = 60)
  void unalignedInputIsADataLengthError(
      @ForAll("modes") Mode mode, @ForAll @Size(min = 1, max = 40) byte[] raw) {
    if (mode.align() == 0 || raw.length % mode.align() == 0) {
      return;
    }
    HsmException e =
        assertThrows(
            HsmException.class, () -> SVC.encryptor(mode.mechanism(), mode.key()).process(raw));
    assertEquals(Ckr.DATA_LEN_RANGE, e.returnCode());
  }

  @Property(tries = 100)
  void everyGcmTagBitFlipAndTruncationIsRejected(
      @ForAll @Size(max = 64) byte[] data, @ForAll @IntRange(min = 0, max = 127) int bit)
      throws HsmException {
    Mechanism m = Mechanism.of(Ckm.AES_GCM, new GcmParams(new byte[12], null, 128));
    byte[] ct = SVC.encryptor(m, AES).process(data);
    byte[] flipped = ct.clone();
    flipped[ct.length - 16 + bit / 8] ^= (byte) (1 << (bit % 8));
    assertEquals(
        Ckr.ENCRYPTED_DATA_INVALID,
        assertThrows(HsmException.class, () -> SVC.decryptor(m, AES).process(flipped))
            .returnCode());
    byte[] truncated = Arrays.copyOf(ct, ct.length - 1 - bit % 16);
    assertThrows(HsmException.class, () -> SVC.decryptor(m, AES).process(truncated));
  }

  @Property(tries = 60)
  void symmetricWrapRoundTrips(
      @ForAll @IntRange(min = 1, max = 80) int len, @ForAll @IntRange(min = 0, max = 3) int which)
      throws HsmException {
    byte[] keyBytes = SVC.random().generate(len);
    Mechanism m;
    Key k = AES;
    switch (which) {
      case 0 -> {
        m = Mechanism.of(Ckm.AES_KEY_WRAP);
        keyBytes = Arrays.copyOf(keyBytes, Math.max(16, len - len % 8));
      }
      case 1 -> m = Mechanism.of(Ckm.AES_KEY_WRAP_KWP);
      case 2 -> m = Mechanism.of(Ckm.AES_CBC_PAD, new IvParams(new byte[16]));
      default -> {
        m = Mechanism.of(Ckm.DES3_CBC_PAD, new IvParams(new byte[8]));
        k = DES3;
      }
    }
    KeyWrapper w = SVC.wrapper(m, k);
    assertArrayEquals(keyBytes, w.unwrap(w.wrap(keyBytes)));
  }

  @Property(tries = 10)
  void rsaWrapRoundTrips(@ForAll @IntRange(min = 16, max = 64) int len, @ForAll boolean oaep)
      throws HsmException {
    Mechanism m =
        oaep
            ? Mechanism.of(
                Ckm.RSA_PKCS_OAEP, new OaepParams(Hash.SHA256, Hash.SHA1, new byte[] {1}))
            : Mechanism.of(Ckm.RSA_PKCS);
    byte[] secret = SVC.random().generate(len);
    byte[] wrapped = SVC.wrapper(m, TestKeys.RSA_2048.getPublic()).wrap(secret);
    assertArrayEquals(secret, SVC.wrapper(m, TestKeys.RSA_2048.getPrivate()).unwrap(wrapped));
    wrapped[wrapped.length / 2] ^= 1;
    assertEquals(
        Ckr.WRAPPED_KEY_INVALID,
        assertThrows(
                HsmException.class,
                () -> SVC.wrapper(m, TestKeys.RSA_2048.getPrivate()).unwrap(wrapped))
            .returnCode());
  }

  static byte[] chunked(CipherOperation op, byte[] data, int chunk) throws HsmException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int off = 0; off < data.length; off += chunk) {
      out.writeBytes(op.update(data, off, Math.min(chunk, data.length - off)));
    }
    out.writeBytes(op.doFinal());
    return out.toByteArray();
  }
}
