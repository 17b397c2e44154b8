package io.selenehsm.firmware;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A partition's object-encryption key (POK, AES-256) and the at-rest form of what it protects.
 *
 * <p>The POK is generated at partition init and stored only wrapped, once per role that may use it,
 * under a key derived from that role's secret ({@link io.selenehsm.firmware.role.Credential}). The
 * engine holds it in memory from the first successful login after power-on until restart or
 * deactivation: that is the partition's activation, so applications run unattended once a role has
 * logged in.
 *
 * <p>What it seals. An object's secret values (key material: {@code CKA_VALUE} of secret and
 * private keys and of private data objects, {@code CKA_PRIVATE_KEY_INFO}, the RSA private
 * components, per-key authorization data) travel in a GCM box under the POK; its other attributes
 * stay in the clear record (sealed only under the device KEK), so token objects can be listed and
 * found by their public attributes before anyone logs in. The SKS master keys of a V1 partition are
 * sealed under it too.
 *
 * <pre>
 * sealed object record: 0x02 | length u32 | clear record (HsmObject v1, secrets removed) |
 *                       nonce 12 | AES-256-GCM(POK, secret attributes; AAD = clear record)
 * </pre>
 */
final class PartitionKey {
  static final int BYTES = 32;
  static final byte SEALED_OBJECT = 2;
  private static final int NONCE = 12;
  private static final Set<Long> KEY_SECRETS =
      Set.of(
          Cka.VALUE,
          Cka.PRIVATE_KEY_INFO,
          Cka.PRIVATE_EXPONENT,
          Cka.PRIME_1,
          Cka.PRIME_2,
          Cka.EXPONENT_1,
          Cka.EXPONENT_2,
          Cka.COEFFICIENT);
  private static final byte[] SMK_AAD = "Selene SMK slots".getBytes(StandardCharsets.US_ASCII);

  private PartitionKey() {}

  /** A fresh POK. */
  static byte[] generate(SecureRandom random) {
    byte[] pok = new byte[BYTES];
    random.nextBytes(pok);
    return pok;
  }

  /** Whether the object carries any value the POK must seal. */
  static boolean hasSecrets(HsmObject o) {
    return !secretsOf(o.attributes(), o.objectClass()).types().isEmpty();
  }

  /** The flash record of a token object: clear when it has no secret, else sealed. */
  static byte[] encode(HsmObject o, byte[] pok, SecureRandom random) throws HsmException {
    Attributes secrets = secretsOf(o.attributes(), o.objectClass());
    if (secrets.types().isEmpty()) {
      return o.encode();
    }
    if (pok == null) {
      throw notActivated(o.partitionId());
    }
    Attributes.Builder clear = o.attributes().toBuilder();
    secrets.types().forEach(clear::remove);
    byte[] clearRecord = o.withAttributes(clear.build()).encode();
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] box = gcm(Cipher.ENCRYPT_MODE, pok, nonce, clearRecord, secrets.encode());
    return ByteBuffer.allocate(1 + 4 + clearRecord.length + NONCE + box.length)
        .put(SEALED_OBJECT)
        .putInt(clearRecord.length)
        .put(clearRecord)
        .put(nonce)
        .put(box)
        .array();
  }

  static boolean isSealed(byte[] record) {
    return record.length > 0 && record[0] == SEALED_OBJECT;
  }

  /** The object of a record without its sealed secrets (what a locked partition shows). */
  static HsmObject decodeClear(byte[] record) throws IOException {
    return HsmObject.decode(isSealed(record) ? clearPart(record) : record);
  }

  /** The whole object of a sealed record. */
  static HsmObject open(byte[] record, byte[] pok) throws IOException, HsmException {
    byte[] clearRecord = clearPart(record);
    HsmObject clear = HsmObject.decode(clearRecord);
    int at = 1 + 4 + clearRecord.length;
    byte[] nonce = Arrays.copyOfRange(record, at, at + NONCE);
    byte[] box = Arrays.copyOfRange(record, at + NONCE, record.length);
    Attributes secrets =
        Attributes.decode(
            new DataInputStream(
                new ByteArrayInputStream(gcm(Cipher.DECRYPT_MODE, pok, nonce, clearRecord, box))));
    return clear.withAttributes(clear.attributes().toBuilder().putAll(secrets).build());
  }

  /** Seals the encoded SMK slots of a V1 partition. */
  static byte[] sealSmks(byte[] smks, byte[] pok, SecureRandom random) throws HsmException {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] box = gcm(Cipher.ENCRYPT_MODE, pok, nonce, SMK_AAD, smks);
    return ByteBuffer.allocate(NONCE + box.length).put(nonce).put(box).array();
  }

  static byte[] openSmks(byte[] sealed, byte[] pok) throws HsmException {
    return gcm(
        Cipher.DECRYPT_MODE,
        pok,
        Arrays.copyOf(sealed, NONCE),
        SMK_AAD,
        Arrays.copyOfRange(sealed, NONCE, sealed.length));
  }

  static HsmException notActivated(int partition) {
    return new HsmException(
        Ckr.USER_NOT_LOGGED_IN,
        "the key material of partition "
            + partition
            + " is sealed under its partition key until a role logs in after power-on");
  }

  private static Attributes secretsOf(Attributes a, long objectClass) {
    Attributes.Builder b = Attributes.builder();
    boolean keyOrPrivate =
        objectClass == Cko.SECRET_KEY
            || objectClass == Cko.PRIVATE_KEY
            || (objectClass == Cko.DATA && a.bool(Cka.PRIVATE, true));
    a.forEach(
        (type, value) -> {
          if (type == Cka.AUTH_DATA || keyOrPrivate && KEY_SECRETS.contains(type)) {
            b.set(type, value);
          }
        });
    return b.build();
  }

  private static byte[] clearPart(byte[] record) throws IOException {
    if (record.length < 5) {
      throw new IOException("sealed object record too short");
    }
    int n = ByteBuffer.wrap(record, 1, 4).getInt();
    if (n < 0 || n > record.length - 5 - NONCE - 16) {
      throw new IOException("sealed object record has a bad clear length " + n);
    }
    return Arrays.copyOfRange(record, 5, 5 + n);
  }

  private static byte[] gcm(int mode, byte[] pok, byte[] nonce, byte[] aad, byte[] in)
      throws HsmException {
    try {
      Cipher c = SoftwareProviders.cipher("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(pok, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (AEADBadTagException e) {
      throw new HsmException(
          Ckr.DATA_INVALID, "a record sealed under the partition key fails its integrity check");
    } catch (GeneralSecurityException e) {
      throw new HsmException(Ckr.GENERAL_ERROR, "AES-GCM is unavailable: " + e.getMessage(), e);
    }
  }
}
