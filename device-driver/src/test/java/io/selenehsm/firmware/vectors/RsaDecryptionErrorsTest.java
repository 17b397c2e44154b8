package io.selenehsm.firmware.vectors;

import static io.selenehsm.firmware.vectors.EngineKeys.E;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.OaepParams;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * RSA decryption must not tell a caller why a ciphertext failed (Bleichenbacher and Manger
 * oracles): every kind of PKCS#1 v1.5 and OAEP failure gives one code and one message, through
 * single-part and multi-part decryption and through unwrap. Ciphertexts are built by raw RSA on
 * hand-made encoded messages, each broken in one specific way.
 */
class RsaDecryptionErrorsTest {
  private static final int K = 256; // RSA-2048 modulus bytes
  private final BigInteger n = new BigInteger(1, attr(Cka.MODULUS));
  private final BigInteger e = new BigInteger(1, attr(Cka.PUBLIC_EXPONENT));

  private static byte[] attr(long type) {
    try {
      return E.hsm.getAttribute(E.session, EngineKeys.RSA_2048[0], type);
    } catch (HsmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Test
  void pkcs1DecryptionFailuresAreIndistinguishable() throws Exception {
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("first byte 01", encrypt(pkcs1(0x01, 0x02, K - 13)));
    bad.put("block type 01", encrypt(pkcs1(0x00, 0x01, K - 13)));
    bad.put("block type 03", encrypt(pkcs1(0x00, 0x03, K - 13)));
    bad.put("no zero separator", encrypt(pkcs1(0x00, 0x02, -1)));
    bad.put("padding of 7 bytes", encrypt(pkcs1(0x00, 0x02, 7)));
    bad.put("padding of 1 byte", encrypt(pkcs1(0x00, 0x02, 1)));
    bad.putAll(common());
    Mechanism m = Mechanism.of(Ckm.RSA_PKCS);
    // The well-formed neighbours decrypt, so the broken ones fail only for what was broken.
    assertArrayEquals(
        new byte[10],
        E.crypto.decrypt(E.session, m, EngineKeys.RSA_2048[1], encrypt(pkcs1(0x00, 0x02, K - 13))));
    assertArrayEquals(
        new byte[0],
        E.crypto.decrypt(E.session, m, EngineKeys.RSA_2048[1], encrypt(pkcs1(0x00, 0x02, K - 3))));
    assertOneOutcome(m, bad);
  }

  @Test
  void oaepDecryptionFailuresAreIndistinguishable() throws Exception {
    byte[] msg = "attack at dawn".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("first byte 01", encrypt(oaep(1, new byte[0], msg, 0x01, -1)));
    bad.put("other label", encrypt(oaep(0, "x".getBytes(StandardCharsets.UTF_8), msg, 0x01, -1)));
    bad.put("no 01 separator", encrypt(oaep(0, new byte[0], msg, 0x00, -1)));
    bad.put("separator 02", encrypt(oaep(0, new byte[0], msg, 0x02, -1)));
    bad.put("non-zero padding byte", encrypt(oaep(0, new byte[0], msg, 0x01, 40)));
    bad.putAll(common());
    Mechanism m =
        Mechanism.of(Ckm.RSA_PKCS_OAEP, new OaepParams(Hash.SHA256, Hash.SHA256, new byte[0]));
    assertArrayEquals(
        msg,
        E.crypto.decrypt(
            E.session, m, EngineKeys.RSA_2048[1], encrypt(oaep(0, new byte[0], msg, 0x01, -1))));
    assertOneOutcome(m, bad);
  }

  /** Failures of either padding: values that are no ciphertext at all. */
  private Map<String, byte[]> common() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("ciphertext equal to the modulus", fixed(n));
    m.put(
        "ciphertext all ones (above the modulus)",
        fixed(BigInteger.ONE.shiftLeft(8 * K).subtract(BigInteger.ONE)));
    m.put("zero ciphertext", new byte[K]);
    m.put("ciphertext n - 1", fixed(n.subtract(BigInteger.ONE)));
    byte[] random = new byte[K];
    new java.util.Random(7).nextBytes(random);
    random[0] = 0x11;
    m.put("random ciphertext", random);
    return m;
  }

  /**
   * One code and one message across every failure: through C_Decrypt, through
   * C_DecryptInit/Update/Final, and through C_UnwrapKey to a secret and to a private key.
   */
  private void assertOneOutcome(Mechanism m, Map<String, byte[]> bad) throws Exception {
    Set<String> decrypt = new TreeSet<>();
    Set<String> multi = new TreeSet<>();
    Set<String> unwrapSecret = new TreeSet<>();
    Set<String> unwrapPrivate = new TreeSet<>();
    long priv = EngineKeys.RSA_2048[1];
    for (Map.Entry<String, byte[]> c : bad.entrySet()) {
      byte[] ct = c.getValue();
      decrypt.add(outcome(() -> E.crypto.decrypt(E.session, m, priv, ct)));
      multi.add(
          outcome(
              () -> {
                E.crypto.decryptInit(E.session, m, priv);
                E.crypto.decryptUpdate(E.session, Arrays.copyOf(ct, 100));
                E.crypto.decryptUpdate(E.session, Arrays.copyOfRange(ct, 100, ct.length));
                E.crypto.decryptFinal(E.session);
              }));
      unwrapSecret.add(
          outcome(
              () ->
                  E.crypto.unwrapKey(
                      E.session,
                      m,
                      priv,
                      ct,
                      Attributes.builder()
                          .set(Cka.CLASS, Cko.SECRET_KEY)
                          .set(Cka.KEY_TYPE, Ckk.GENERIC_SECRET)
                          .build())));
      unwrapPrivate.add(
          outcome(
              () ->
                  E.crypto.unwrapKey(
                      E.session,
                      m,
                      priv,
                      ct,
                      Attributes.builder().set(Cka.CLASS, Cko.PRIVATE_KEY).build())));
    }
    assertEquals(1, decrypt.size(), "C_Decrypt outcomes: " + decrypt);
    assertEquals(
        Ckr.ENCRYPTED_DATA_INVALID, Long.parseLong(decrypt.iterator().next().split(" ")[0]));
    assertEquals(decrypt, multi, "multi-part outcomes differ from single-part");
    assertEquals(1, unwrapSecret.size(), "unwrap outcomes: " + unwrapSecret);
    assertEquals(
        Ckr.WRAPPED_KEY_INVALID, Long.parseLong(unwrapSecret.iterator().next().split(" ")[0]));
    // A PKCS#1 block that is well padded but holds no PKCS#8 key must look like bad padding too.
    Set<String> withGarbage = new TreeSet<>(unwrapPrivate);
    byte[] wellPadded =
        m.id() == Ckm.RSA_PKCS
            ? encrypt(pkcs1(0x00, 0x02, K - 43))
            : encrypt(oaep(0, new byte[0], new byte[40], 0x01, -1));
    withGarbage.add(
        outcome(
            () ->
                E.crypto.unwrapKey(
                    E.session,
                    m,
                    priv,
                    wellPadded,
                    Attributes.builder().set(Cka.CLASS, Cko.PRIVATE_KEY).build())));
    assertEquals(unwrapSecret, withGarbage, "private key unwrap outcomes");
  }

  @FunctionalInterface
  private interface Op {
    void run() throws HsmException;
  }

  private static String outcome(Op op) {
    HsmException ex = assertThrows(HsmException.class, op::run);
    return ex.returnCode() + " " + ex.getMessage();
  }

  /**
   * EM = first || type || PS (psLen bytes 0x5a) || 00 || message of zeros filling the block; psLen
   * -1 leaves out the separator (0x5a to the end).
   */
  private static byte[] pkcs1(int first, int type, int psLen) {
    byte[] em = new byte[K];
    em[0] = (byte) first;
    em[1] = (byte) type;
    Arrays.fill(em, 2, psLen < 0 ? K : 2 + psLen, (byte) 0x5a);
    return em;
  }

  /** RFC 8017 OAEP encoding (SHA-256, MGF1-SHA-256), with one part optionally broken. */
  private static byte[] oaep(int first, byte[] label, byte[] msg, int separator, int junkAt)
      throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    int h = 32;
    byte[] db = new byte[K - h - 1];
    System.arraycopy(sha.digest(label), 0, db, 0, h);
    if (junkAt >= 0) {
      db[junkAt] = 0x05;
    }
    db[db.length - msg.length - 1] = (byte) separator;
    System.arraycopy(msg, 0, db, db.length - msg.length, msg.length);
    byte[] seed = new byte[h];
    new java.util.Random(3).nextBytes(seed);
    xor(db, mgf1(sha, seed, db.length));
    xor(seed, mgf1(sha, db, h));
    byte[] em = new byte[K];
    em[0] = (byte) first;
    System.arraycopy(seed, 0, em, 1, h);
    System.arraycopy(db, 0, em, 1 + h, db.length);
    return em;
  }

  private static byte[] mgf1(MessageDigest sha, byte[] seed, int len) {
    byte[] out = new byte[len];
    for (int c = 0, off = 0; off < len; c++, off += 32) {
      sha.update(seed);
      sha.update(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
      byte[] d = sha.digest();
      System.arraycopy(d, 0, out, off, Math.min(32, len - off));
    }
    return out;
  }

  private static void xor(byte[] a, byte[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] ^= b[i];
    }
  }

  private byte[] encrypt(byte[] em) {
    return fixed(new BigInteger(1, em).modPow(e, n));
  }

  private static byte[] fixed(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[K];
    int len = Math.min(b.length, K);
    System.arraycopy(b, b.length - len, out, K - len, len);
    return out;
  }
}
