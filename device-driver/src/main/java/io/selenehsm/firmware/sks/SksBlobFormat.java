package io.selenehsm.firmware.sks;

import io.selenehsm.firmware.mech.Primitives;
import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SKS blob format, version 1. All integers big-endian.
 *
 * <pre>
 * header   magic "SKSB" | u16 version | u16 n + UTF-8 partition serial | 16 SMK fingerprint
 *          | i64 creation millis | 32 salt | u8 authorization form | u8 m | u8 n | n x 32
 *          password verifiers | u16 object count
 * object   12 OUID | u32 n + public attributes | 12 IV | u32 n + AES-256-GCM(material
 *          attributes), AAD = "SKSB" object index (u16) + OUID + public attributes
 * trailer  64 HMAC-SHA512 over everything before it
 * </pre>
 *
 * Keys come from HKDF-SHA512 over the SMK with the blob's salt: one for GCM, one for the HMAC and
 * one for the password verifiers (HMAC-SHA512 of index and password, 32 bytes), so every check
 * needs the SMK and a blob taken out of the HSM gives no offline password oracle. The material
 * attributes (secret values, PKCS#8 private keys, RSA CRT parts, per-key authorization data) exist
 * in clear only inside the HSM.
 */
public final class SksBlobFormat {
  public static final int VERSION = 1;

  /** Vendor limit: one blob holds at most 64 KiB. */
  public static final int MAX_BLOB_BYTES = 64 * 1024;

  private static final byte[] MAGIC = {'S', 'K', 'S', 'B'};
  private static final int SALT_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int VERIFIER_BYTES = 32;
  private static final int MAC_BYTES = 64;
  private static final int MAX_PASSWORDS = 16;

  /** Attributes sealed under GCM rather than stored beside it. */
  private static final Set<Long> ALWAYS_MATERIAL =
      Set.of(
          Cka.PRIVATE_KEY_INFO,
          Cka.PRIVATE_EXPONENT,
          Cka.PRIME_1,
          Cka.PRIME_2,
          Cka.EXPONENT_1,
          Cka.EXPONENT_2,
          Cka.COEFFICIENT,
          Cka.AUTH_DATA);

  private SksBlobFormat() {}

  /** An object as it travels: its OUID and every attribute, material included. */
  public record BlobObject(byte[] ouid, Attributes attributes) {
    public BlobObject {
      if (ouid.length != HsmObject.OUID_LENGTH) {
        throw new IllegalArgumentException("an OUID has " + HsmObject.OUID_LENGTH + " bytes");
      }
      ouid = ouid.clone();
    }

    @Override
    public byte[] ouid() {
      return ouid.clone();
    }
  }

  /** A structurally parsed blob, not yet verified. */
  public record Parsed(SksBlobHeader header, byte[] salt, byte[][] verifiers, int objectsOffset) {}

  static boolean isMaterial(long type, long objectClass) {
    return ALWAYS_MATERIAL.contains(type)
        || (type == Cka.VALUE && (objectClass == Cko.SECRET_KEY || objectClass == Cko.PRIVATE_KEY));
  }

  /** Seals objects into a blob under {@code smk}; throws CKR_DATA_LEN_RANGE beyond 64 KiB. */
  public static byte[] encode(
      String partitionSerial,
      byte[] smk,
      long createdMillis,
      SksAuthorization auth,
      List<BlobObject> objects,
      IntFunction<byte[]> random)
      throws HsmException {
    checkAuthorizationForExtract(auth);
    if (objects.isEmpty() || objects.size() > 0xFFFF) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD, "a blob holds 1 to 65535 objects, not " + objects.size());
    }
    byte[] salt = random.apply(SALT_BYTES);
    Keys keys = Keys.of(smk, salt);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeShort(VERSION);
      byte[] serial = partitionSerial.getBytes(StandardCharsets.UTF_8);
      out.writeShort(serial.length);
      out.write(serial);
      out.write(SmkSlots.fingerprint(smk));
      out.writeLong(createdMillis);
      out.write(salt);
      out.writeByte(auth.form().code);
      out.writeByte(auth.threshold());
      out.writeByte(auth.secrets().size());
      for (int i = 0; i < auth.secrets().size(); i++) {
        out.write(keys.verifier(i, auth.secrets().get(i)));
      }
      out.writeShort(objects.size());
      for (int i = 0; i < objects.size(); i++) {
        writeObject(out, i, objects.get(i), keys, random.apply(IV_BYTES));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] body = bytes.toByteArray();
    int total = body.length + MAC_BYTES;
    if (total > MAX_BLOB_BYTES) {
      throw new HsmException(
          Ckr.DATA_LEN_RANGE,
          "the blob for "
              + objects.size()
              + " object(s) would be "
              + total
              + " bytes; an SKS blob holds at most "
              + MAX_BLOB_BYTES
              + " bytes: extract fewer objects per blob");
    }
    byte[] blob = Arrays.copyOf(body, total);
    System.arraycopy(keys.mac(body, body.length), 0, blob, body.length, MAC_BYTES);
    return blob;
  }

  private static void writeObject(
      DataOutputStream out, int index, BlobObject o, Keys keys, byte[] iv)
      throws IOException, HsmException {
    long cls = o.attributes().ulong(Cka.CLASS, -1);
    Attributes.Builder pub = Attributes.builder();
    Attributes.Builder material = Attributes.builder();
    o.attributes().forEach((type, v) -> (isMaterial(type, cls) ? material : pub).set(type, v));
    byte[] pubBytes = pub.build().encode();
    out.write(o.ouid());
    out.writeInt(pubBytes.length);
    out.write(pubBytes);
    out.write(iv);
    byte[] ct = keys.seal(iv, aad(index, o.ouid(), pubBytes), material.build().encode());
    out.writeInt(ct.length);
    out.write(ct);
  }

  private static byte[] aad(int index, byte[] ouid, byte[] pub) {
    return ByteBuffer.allocate(MAGIC.length + 2 + ouid.length + pub.length)
        .put(MAGIC)
        .putShort((short) index)
        .put(ouid)
        .put(pub)
        .array();
  }

  private static void checkAuthorizationForExtract(SksAuthorization auth) throws HsmException {
    int n = auth.secrets().size();
    boolean ok =
        switch (auth.form()) {
          case NONE -> n == 0;
          case PASSWORD -> n == 1 && auth.threshold() == 1;
          case M_OF_N ->
              n >= 1 && n <= MAX_PASSWORDS && auth.threshold() >= 1 && auth.threshold() <= n;
        };
    if (!ok) {
      throw new HsmException(
          Ckr.SIM_AUTHFORM_INVALID,
          "authorization "
              + auth
              + " is invalid:"
              + " NONE takes no password, PASSWORD exactly one, M_OF_N 1 <= m <= n <= "
              + MAX_PASSWORDS
              + " passwords");
    }
    for (char[] s : auth.secrets()) {
      if (s == null || s.length == 0) {
        throw new HsmException(Ckr.SIM_AUTHFORM_INVALID, "a blob password may not be empty");
      }
    }
  }

  /** Parses the clear header; structure only. */
  public static Parsed parse(byte[] blob) throws HsmException {
    if (blob == null) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "no blob given");
    }
    if (blob.length > MAX_BLOB_BYTES) {
      throw new HsmException(
          Ckr.DATA_LEN_RANGE,
          "the blob is " + blob.length + " bytes; an SKS blob holds at most " + MAX_BLOB_BYTES);
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(blob);
      byte[] magic = take(in, MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw corrupt("it does not start with the SKS blob magic");
      }
      int version = in.getShort() & 0xFFFF;
      if (version != VERSION) {
        throw new HsmException(
            Ckr.SIM_VERSION_UNSUPPORTED,
            "SKS blob format version "
                + version
                + " is not supported; this firmware reads version "
                + VERSION);
      }
      String serial = new String(take(in, in.getShort() & 0xFFFF), StandardCharsets.UTF_8);
      byte[] fingerprint = take(in, SmkSlots.FINGERPRINT_BYTES);
      long created = in.getLong();
      byte[] salt = take(in, SALT_BYTES);
      SksAuthorization.Form form = SksAuthorization.Form.of(in.get());
      int m = in.get() & 0xFF;
      int n = in.get() & 0xFF;
      if (form == null
          || n > MAX_PASSWORDS
          || m > n
          || (form == SksAuthorization.Form.NONE ? n != 0 : m < 1)) {
        throw corrupt("its authorization header is malformed");
      }
      byte[][] verifiers = new byte[n][];
      for (int i = 0; i < n; i++) {
        verifiers[i] = take(in, VERIFIER_BYTES);
      }
      int count = in.getShort() & 0xFFFF;
      if (count == 0 || blob.length < in.position() + MAC_BYTES) {
        throw corrupt("it holds no objects or is truncated");
      }
      SksBlobHeader header =
          new SksBlobHeader(
              version,
              serial,
              fingerprint,
              Instant.ofEpochMilli(created),
              form,
              m,
              n,
              count,
              blob.length);
      return new Parsed(header, salt, verifiers, in.position());
    } catch (BufferUnderflowException e) {
      throw corrupt("it is truncated");
    }
  }

  /**
   * Verifies a parsed blob under {@code smk} (integrity first, then authorization) and decrypts its
   * objects. Integrity failures throw CKR_SIM_CORRUPT_DATA; a missing or wrong password
   * CKR_SIM_AUTHORIZATION_FAILED.
   */
  public static List<BlobObject> open(
      byte[] blob, Parsed parsed, byte[] smk, SksAuthorization offered) throws HsmException {
    Keys keys = Keys.of(smk, parsed.salt());
    int bodyLength = blob.length - MAC_BYTES;
    byte[] expected = keys.mac(blob, bodyLength);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(blob, bodyLength, blob.length))) {
      throw corrupt("its integrity check (HMAC-SHA512) fails");
    }
    checkAuthorization(parsed, keys, offered == null ? SksAuthorization.none() : offered);
    List<BlobObject> objects = new ArrayList<>();
    try {
      ByteBuffer in = ByteBuffer.wrap(blob, 0, bodyLength);
      in.position(parsed.objectsOffset());
      for (int i = 0; i < parsed.header().objectCount(); i++) {
        byte[] ouid = take(in, HsmObject.OUID_LENGTH);
        byte[] pub = take(in, in.getInt());
        byte[] iv = take(in, IV_BYTES);
        byte[] ct = take(in, in.getInt());
        byte[] material = keys.open(iv, aad(i, ouid, pub), ct);
        Attributes attrs =
            decodeAttributes(pub).toBuilder().putAll(decodeAttributes(material)).build();
        objects.add(new BlobObject(ouid, attrs));
      }
      if (in.hasRemaining()) {
        throw corrupt("it has " + in.remaining() + " bytes after its last object");
      }
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw corrupt("an object record is malformed");
    }
    return objects;
  }

  private static void checkAuthorization(Parsed parsed, Keys keys, SksAuthorization offered)
      throws HsmException {
    SksBlobHeader h = parsed.header();
    if (h.form() == SksAuthorization.Form.NONE) {
      return;
    }
    if (offered.secrets().isEmpty()) {
      throw new HsmException(
          Ckr.SIM_AUTHORIZATION_FAILED,
          "the blob needs "
              + (h.form() == SksAuthorization.Form.PASSWORD
                  ? "its password"
                  : h.threshold() + " of its " + h.verifierCount() + " passwords")
              + "; none was given");
    }
    boolean[] matched = new boolean[h.verifierCount()];
    int count = 0;
    for (char[] secret : offered.secrets()) {
      for (int i = 0; i < matched.length; i++) {
        if (!matched[i] && MessageDigest.isEqual(keys.verifier(i, secret), parsed.verifiers()[i])) {
          matched[i] = true;
          count++;
          break;
        }
      }
    }
    if (count < h.threshold()) {
      throw new HsmException(
          Ckr.SIM_AUTHORIZATION_FAILED,
          "the blob needs "
              + h.threshold()
              + " correct password(s) of "
              + h.verifierCount()
              + "; "
              + count
              + " of the "
              + offered.secrets().size()
              + " given matched");
    }
  }

  private static Attributes decodeAttributes(byte[] bytes) throws HsmException {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      Attributes a = Attributes.decode(in);
      if (in.available() != 0) {
        throw corrupt("an attribute list has trailing bytes");
      }
      return a;
    } catch (IOException e) {
      throw corrupt("an attribute list does not decode: " + e.getMessage());
    }
  }

  private static byte[] take(ByteBuffer in, int n) {
    if (n < 0 || n > in.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  private static HsmException corrupt(String why) {
    return new HsmException(Ckr.SIM_CORRUPT_DATA, "the SKS blob is corrupt: " + why);
  }

  /** The per-blob keys. */
  private record Keys(byte[] enc, byte[] mac, byte[] auth) {
    static Keys of(byte[] smk, byte[] salt) {
      return new Keys(
          Hkdf.derive(smk, salt, "Selene SKS v1 object encryption", 32),
          Hkdf.derive(smk, salt, "Selene SKS v1 integrity", 64),
          Hkdf.derive(smk, salt, "Selene SKS v1 authorization", 64));
    }

    byte[] mac(byte[] data, int length) {
      try {
        Mac m = SoftwareProviders.mac("HmacSHA512");
        m.init(new SecretKeySpec(mac, "HmacSHA512"));
        m.update(data, 0, length);
        return m.doFinal();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA512 unavailable", e);
      }
    }

    byte[] verifier(int index, char[] password) {
      ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
      byte[] pw = new byte[utf8.remaining()];
      utf8.get(pw);
      try {
        Mac m = SoftwareProviders.mac("HmacSHA512");
        m.init(new SecretKeySpec(auth, "HmacSHA512"));
        m.update((byte) index);
        return Arrays.copyOf(m.doFinal(pw), VERIFIER_BYTES);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA512 unavailable", e);
      } finally {
        Arrays.fill(pw, (byte) 0);
      }
    }

    /**
     * AES-GCM from the native provider when it loaded (on a cold SKS use the blob decrypt ran on
     * the JDK's GCM, whose GHASH was a tenth of the whole {@code getKey}), else the JDK's.
     */
    private static Cipher gcm() throws GeneralSecurityException {
      java.util.Optional<java.security.Provider> accp = Primitives.provider(Primitives.Source.ACCP);
      return accp.isPresent()
          ? Cipher.getInstance("AES/GCM/NoPadding", accp.get())
          : SoftwareProviders.cipher("AES/GCM/NoPadding");
    }

    byte[] seal(byte[] iv, byte[] aad, byte[] plain) {
      try {
        Cipher c = gcm();
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(enc, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        return c.doFinal(plain);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM unavailable", e);
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }

    byte[] open(byte[] iv, byte[] aad, byte[] ct) throws HsmException {
      try {
        Cipher c = gcm();
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(enc, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        return c.doFinal(ct);
      } catch (javax.crypto.AEADBadTagException e) {
        throw corrupt("an object's GCM tag does not verify");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM unavailable", e);
      }
    }
  }
}
