package io.selenehsm.firmware;

import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SksAuthorization;
import io.selenehsm.firmware.sks.SksBlobFormat;
import io.selenehsm.firmware.sks.SksBlobFormat.BlobObject;
import io.selenehsm.firmware.sks.SksExtractRequest;
import io.selenehsm.firmware.sks.SmkInfo;
import io.selenehsm.firmware.sks.SmkSlots;
import io.selenehsm.firmware.store.FlashStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Scalable Key Storage commands of one HSM: objects leave the partition as blobs sealed under the
 * partition's SKS Master Key and come back as session objects when needed.
 *
 * <p>Rules chosen here:
 *
 * <ul>
 *   <li>SKS works on V1 partitions only; a V0 partition keeps its SMK but refuses every SKS command
 *       with CKR_OPERATION_NOT_ALLOWED.
 *   <li>Any object the session can see may be extracted, whatever its CKA_EXTRACTABLE: as with the
 *       vendor's SKS, a blob is opened only inside an HSM holding the SMK, so the key never leaves
 *       the HSM's protection. Extract and insert need a Crypto Officer or Crypto User login.
 *   <li>Inserted objects are session objects (CKA_TOKEN false) with every other attribute and the
 *       OUID as extracted.
 *   <li>Return codes: an unknown SMK fingerprint is CKR_UNWRAPPING_KEY_HANDLE_INVALID (the key that
 *       unseals the blob is not in this partition); a damaged blob CKR_SIM_CORRUPT_DATA (another
 *       format version CKR_SIM_VERSION_UNSUPPORTED); a missing or wrong password
 *       CKR_SIM_AUTHORIZATION_FAILED; an invalid authorization request at extract
 *       CKR_SIM_AUTHFORM_INVALID; an object already present CKR_OBJECT_ALREADY_EXISTS naming its
 *       OUID; a blob over 64 KiB CKR_DATA_LEN_RANGE.
 * </ul>
 */
public final class HsmSks {
  /** Inputs one multi-sign command accepts. */
  public static final int MAX_MULTI_SIGN_INPUTS = 4096;

  private final Hsm hsm;

  HsmSks(Hsm hsm) {
    this.hsm = hsm;
  }

  /** A change of a partition record made under the admin lock. */
  @FunctionalInterface
  interface RecordChange {
    PartitionRecord apply(PartitionRecord current) throws HsmException;
  }

  /** The Primary SMK is made when the Crypto Officer first logs in, in V0 and V1 alike. */
  static PartitionRecord withSmkOnFirstLogin(
      PartitionRecord r, Role role, IntFunction<byte[]> random) {
    if (role != Role.CRYPTO_OFFICER || r.smks().hasPrimary()) {
      return r;
    }
    return r.withSmks(r.smks().withPrimary(random.apply(SmkSlots.KEY_BYTES)));
  }

  // ---------------------------------------------------------------- SMK

  /** The partition's SMK fingerprints; any login on the partition may look. */
  public SmkInfo smkInfo(long session) throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    Partition p = hsm.objectPartition(s);
    if (hsm.roleOf(s) == null) {
      throw new HsmException(Ckr.USER_NOT_LOGGED_IN, "showing the SMKs needs a login");
    }
    return p.record.smks().info(p.record.version() == 1);
  }

  /**
   * SMK rollover (Crypto Officer, V1): a new Primary SMK; the old one moves to the rollover slot,
   * where it still inserts blobs made under it (displacing the previous rollover SMK).
   * Re-extracting an inserted object seals it under the new primary.
   */
  public void rolloverSmk(long session) throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    Partition p = hsm.objectPartition(s);
    hsm.changePartitionRecord(
        p,
        r -> {
          hsm.requireRole(s, Role.CRYPTO_OFFICER);
          requireV1(p, r);
          requirePrimary(p, r);
          return r.withSmks(r.smks().rolledOver(hsm.randomBytes(SmkSlots.KEY_BYTES)));
        });
  }

  /**
   * Clones this partition's Primary SMK into another V1 partition (possibly on another HSM) of the
   * same domain: as its primary (joining an HA group: the target's old primary moves to its
   * rollover slot) or into a legacy slot (insert only). Both sessions need the Crypto Officer.
   */
  public void cloneSmk(long session, Hsm target, long targetSession, boolean asPrimary)
      throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    Partition p = hsm.objectPartition(s);
    hsm.requireRole(s, Role.CRYPTO_OFFICER);
    PartitionRecord source = p.record;
    requireV1(p, source);
    requirePrimary(p, source);
    byte[] smk = source.smks().primary();
    Session ts = target.session(targetSession);
    target.gate(Hsm.Access.NORMAL);
    Partition tp = target.objectPartition(ts);
    target.changePartitionRecord(
        tp,
        r -> {
          target.requireRole(ts, Role.CRYPTO_OFFICER);
          requireV1(tp, r);
          if (!Arrays.equals(r.domain(), source.domain())) {
            throw new HsmException(
                Ckr.OPERATION_NOT_ALLOWED,
                "partition "
                    + tp.id
                    + " of HSM "
                    + target.serial()
                    + " is in another domain than partition "
                    + p.id
                    + " of HSM "
                    + hsm.serial()
                    + "; an SMK clones only within one domain");
          }
          SmkSlots slots = r.smks();
          if (asPrimary) {
            return r.withSmks(slots.hasPrimary() ? slots.rolledOver(smk) : slots.withPrimary(smk));
          }
          return r.withSmks(slots.withLegacy(smk));
        });
  }

  /**
   * The SMK store cloning works on ({@link HsmCloning}): each partition's SMK slots in its record.
   * Only a V1 partition shows its primary (a V0 partition's SMK exists but cannot be seen or used).
   * Installing an SMK makes it the primary; the old primary moves to the rollover slot so blobs
   * sealed under it still insert; installing the SMK already primary changes nothing.
   */
  SmkVault vault() {
    return new SmkVault() {
      @Override
      public Optional<byte[]> primarySmk(int partitionId) throws HsmException {
        PartitionRecord r = hsm.partition(partitionId).record;
        return r.version() == 1 ? Optional.ofNullable(r.smks().primary()) : Optional.empty();
      }

      @Override
      public void installPrimarySmk(int partitionId, byte[] smk) throws HsmException {
        Partition p = hsm.partition(partitionId);
        hsm.changePartitionRecord(
            p,
            r -> {
              requireV1(p, r);
              if (smk == null || smk.length != SmkSlots.KEY_BYTES) {
                throw new HsmException(
                    Ckr.DATA_INVALID, "an SMK has " + SmkSlots.KEY_BYTES + " bytes");
              }
              SmkSlots slots = r.smks();
              if (slots.hasPrimary() && Arrays.equals(slots.primary(), smk)) {
                return r;
              }
              return r.withSmks(
                  slots.hasPrimary() ? slots.rolledOver(smk) : slots.withPrimary(smk));
            });
      }
    };
  }

  // ---------------------------------------------------------------- extract

  /** The size the blob for {@code request} has; produces nothing and deletes nothing. */
  public int extractSize(long session, SksExtractRequest request) throws HsmException {
    return build(session, request).length;
  }

  /**
   * Two-call extract: with {@code out} null returns the size needed; otherwise writes the blob into
   * {@code out} and returns its length (CKR_BUFFER_TOO_SMALL when it does not fit). Objects are
   * deleted (if requested) only when the blob is produced.
   */
  public int extract(long session, SksExtractRequest request, byte[] out) throws HsmException {
    byte[] blob = build(session, request);
    if (out == null) {
      return blob.length;
    }
    if (out.length < blob.length) {
      throw new HsmException(
          Ckr.BUFFER_TOO_SMALL,
          "the blob needs " + blob.length + " bytes; the buffer has " + out.length);
    }
    System.arraycopy(blob, 0, out, 0, blob.length);
    finishExtract(session, request);
    return blob.length;
  }

  /** Extracts the objects into one blob sealed under the Primary SMK. */
  public byte[] extract(long session, SksExtractRequest request) throws HsmException {
    byte[] blob = build(session, request);
    finishExtract(session, request);
    return blob;
  }

  private byte[] build(long session, SksExtractRequest request) throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    Partition p = sksPartition(s);
    PartitionRecord r = p.record;
    requirePrimary(p, r);
    List<Long> handles = request.handles();
    if (handles.isEmpty()) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "no object handles to extract");
    }
    if (new HashSet<>(handles).size() != handles.size()) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "an object handle appears twice in " + handles);
    }
    List<BlobObject> objects = new ArrayList<>();
    for (long h : handles) {
      HsmObject o = hsm.visibleObject(s, p, h);
      if (request.deleteAfterExtract()) {
        hsm.checkCanWrite(s, o.attributes());
        if (!o.attributes().bool(Cka.DESTROYABLE, true)) {
          throw new HsmException(
              Ckr.ACTION_PROHIBITED,
              "object "
                  + h
                  + " is not destroyable"
                  + " (CKA_DESTROYABLE is false), so it cannot be deleted after extraction");
        }
      }
      objects.add(
          new BlobObject(
              o.ouid(),
              o.attributes().toBuilder().set(Cka.USAGE_COUNT, o.usageCounter().get()).build()));
    }
    return SksBlobFormat.encode(
        hsm.partitionSerial(p.id),
        r.smks().primary(),
        hsm.options().time().millis(),
        request.authorization(),
        objects,
        hsm::randomBytes);
  }

  private void finishExtract(long session, SksExtractRequest request) throws HsmException {
    if (request.deleteAfterExtract()) {
      for (long h : request.handles()) {
        hsm.destroyObject(session, h);
      }
    }
  }

  // ---------------------------------------------------------------- insert

  /**
   * Inserts a blob's objects as session objects and returns their handles in blob order. All or
   * nothing: a check failing on any object leaves the partition untouched.
   */
  public long[] insert(long session, byte[] blob, SksAuthorization authorization)
      throws HsmException {
    return insert(session, blob, authorization, false);
  }

  /**
   * HA replication into a V1 member: inserts a blob's objects as they were extracted, so a token
   * object stays a token object (stored in flash, Crypto Officer only) and a session object becomes
   * an object of this session; every attribute and the OUID are kept. All or nothing, like {@link
   * #insert}.
   */
  public long[] insertReplica(long session, byte[] blob, SksAuthorization authorization)
      throws HsmException {
    return insert(session, blob, authorization, true);
  }

  private long[] insert(
      long session, byte[] blob, SksAuthorization authorization, boolean keepToken)
      throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    Partition p = sksPartition(s);
    List<BlobObject> objects = open(p, blob, authorization);
    long[] handles = new long[objects.size()];
    p.lock.lock();
    try {
      Set<String> inThisBlob = new HashSet<>();
      for (BlobObject o : objects) {
        String ouid = HexFormat.of().formatHex(o.ouid());
        List<Long> present = hsm.findByOuid(s, p, o.ouid());
        if (keepToken) {
          // C_CopyObject keeps the OUID, so a replica is refused only when an identical copy
          // is already there.
          present = present.stream().filter(h -> sameObject(p, h, o)).toList();
        }
        if (!present.isEmpty() || !inThisBlob.add(ouid)) {
          String label = o.attributes().string(Cka.LABEL);
          throw new HsmException(
              Ckr.OBJECT_ALREADY_EXISTS,
              "the object with OUID "
                  + ouid
                  + (label == null ? "" : " (label \"" + label + "\")")
                  + " is already present in"
                  + " partition "
                  + p.id
                  + (present.isEmpty() ? " (twice in the blob)" : " as handle " + present.get(0))
                  + "; use it or destroy it before inserting");
        }
      }
      int done = 0;
      try {
        for (BlobObject o : objects) {
          Attributes attrs =
              keepToken ? o.attributes() : o.attributes().toBuilder().set(Cka.TOKEN, false).build();
          handles[done] = hsm.insertEngineObject(s, attrs, o.ouid()).handle();
          done++;
        }
      } catch (HsmException | RuntimeException e) {
        for (int i = 0; i < done; i++) {
          HsmObject gone = p.objects.remove(handles[i]);
          if (gone != null && gone.isToken()) {
            hsm.commitEntries(new FlashStore.Batch().delete(Partition.objectKey(p.id, handles[i])));
            p.usedBytes.addAndGet(-gone.attributes().storageBytes());
          }
        }
        throw e;
      }
    } finally {
      p.lock.unlock();
    }
    // Outside the lock: decoding (or finding the key decoded before) is the costly part of a cold
    // use, and the objects are already in place.
    for (long h : handles) {
      HsmObject o = p.objects.get(h);
      if (o != null) {
        p.sksKeys.seed(o);
      }
    }
    return handles;
  }

  private static boolean sameObject(Partition p, long handle, BlobObject o) {
    HsmObject present = p.objects.get(handle);
    return present != null
        && present.isToken() == o.attributes().bool(Cka.TOKEN, false)
        && withoutUsage(present.attributes()).equals(withoutUsage(o.attributes()));
  }

  private static Attributes withoutUsage(Attributes a) {
    return a.toBuilder().remove(Cka.USAGE_COUNT).build();
  }

  // ---------------------------------------------------------------- multi-sign

  /**
   * Signs each input with the one signing key (private or secret, CKA_SIGN true) in the blob,
   * without inserting it: the key exists only for this command. A usage limit in the blob caps the
   * number of inputs (the blob itself does not change, so uses here are not counted into it).
   */
  public List<byte[]> signFromBlob(
      long session,
      byte[] blob,
      SksAuthorization authorization,
      Mechanism mechanism,
      List<byte[]> inputs)
      throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    Partition p = sksPartition(s);
    if (inputs.isEmpty() || inputs.size() > MAX_MULTI_SIGN_INPUTS) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "multi-sign takes 1 to " + MAX_MULTI_SIGN_INPUTS + " inputs, not " + inputs.size());
    }
    List<BlobObject> signers = new ArrayList<>();
    for (BlobObject o : open(p, blob, authorization)) {
      long cls = o.attributes().ulong(Cka.CLASS, -1);
      if ((cls == Cko.PRIVATE_KEY || cls == Cko.SECRET_KEY)
          && o.attributes().bool(Cka.SIGN, false)) {
        signers.add(o);
      }
    }
    if (signers.size() != 1) {
      throw new HsmException(
          signers.isEmpty() ? Ckr.KEY_FUNCTION_NOT_PERMITTED : Ckr.ARGUMENTS_BAD,
          "multi-sign needs a blob with exactly one signing key (private"
              + " or secret, CKA_SIGN true); this blob has "
              + signers.size());
    }
    BlobObject key = signers.get(0);
    long limit = key.attributes().ulong(Cka.USAGE_LIMIT, 0);
    long used = key.attributes().ulong(Cka.USAGE_COUNT, 0);
    if (limit > 0 && used + inputs.size() > limit) {
      throw new HsmException(
          Ckr.KEY_FUNCTION_NOT_PERMITTED,
          "the key in the blob has used "
              + used
              + " of its "
              + limit
              + " uses; "
              + inputs.size()
              + " signatures would exceed it");
    }
    HsmObject transientKey = new HsmObject(0, p.id, key.ouid(), key.attributes(), s.handle);
    List<byte[]> signatures = new ArrayList<>(inputs.size());
    try {
      for (byte[] input : inputs) {
        signatures.add(hsm.crypto().signerFor(mechanism, transientKey).sign(input));
      }
    } catch (RuntimeException e) {
      throw new HsmException(Ckr.GENERAL_ERROR, "multi-sign failed: " + e, e);
    }
    return signatures;
  }

  // ---------------------------------------------------------------- shared checks

  /** Verifies and decrypts a blob under the SMK its fingerprint names. */
  private List<BlobObject> open(Partition p, byte[] blob, SksAuthorization authorization)
      throws HsmException {
    SksBlobFormat.Parsed parsed = SksBlobFormat.parse(blob);
    SmkSlots.Found smk = p.record.smks().find(parsed.header().smkFingerprint());
    if (smk == null) {
      SmkInfo info = p.record.smks().info(true);
      throw new HsmException(
          Ckr.UNWRAPPING_KEY_HANDLE_INVALID,
          "the blob is sealed under SMK "
              + parsed.header().smkFingerprintHex()
              + " (extracted from partition "
              + parsed.header().partitionSerial()
              + "), which partition "
              + p.id
              + " does not hold"
              + " (primary "
              + info.primary()
              + ", rollover "
              + info.rollover()
              + ", legacy "
              + info.legacy()
              + ")");
    }
    return SksBlobFormat.open(blob, parsed, smk.key(), authorization);
  }

  /** The session's partition, if it serves SKS to this session's login. */
  private Partition sksPartition(Session s) throws HsmException {
    Partition p = hsm.objectPartition(s);
    requireV1(p, p.record);
    Role role = hsm.roleOf(s);
    if (role == null || !role.isCryptoRole()) {
      throw new HsmException(
          Ckr.USER_NOT_LOGGED_IN,
          "SKS extract and insert need a Crypto Officer or Crypto User login");
    }
    hsm.requireNoPendingChange(s, role);
    return p;
  }

  private static void requireV1(Partition p, PartitionRecord r) throws HsmException {
    if (r.version() != 1) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "partition "
              + p.id
              + " is a V0"
              + " partition (policy 41 = 0); Scalable Key Storage needs a V1 partition");
    }
  }

  private static void requirePrimary(Partition p, PartitionRecord r) throws HsmException {
    if (!r.smks().hasPrimary()) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "partition "
              + p.id
              + " has no Primary"
              + " SMK yet; it is created when the Crypto Officer first logs in");
    }
  }
}
