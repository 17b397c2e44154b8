package io.selenehsm.firmware;

import io.selenehsm.firmware.clone.BackupContainer;
import io.selenehsm.firmware.clone.BackupContainerInfo;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.clone.CloningPayload;
import io.selenehsm.firmware.clone.CloningRules;
import io.selenehsm.firmware.clone.CloningTarget;
import io.selenehsm.firmware.clone.DeviceKey;
import io.selenehsm.firmware.clone.DomainKey;
import io.selenehsm.firmware.clone.FirmwareVersion;
import io.selenehsm.firmware.clone.PartitionKind;
import io.selenehsm.firmware.clone.PayloadKind;
import io.selenehsm.firmware.clone.RestoreRule;
import io.selenehsm.firmware.clone.TargetEnvelope;
import io.selenehsm.firmware.clone.TargetSecurity;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.HsmObject;
import io.selenehsm.firmware.policy.HsmPolicies;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.firmware.sks.SmkSlots;
import io.selenehsm.firmware.store.FlashStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cloning and the Backup HSM: the source and target halves of the cloning protocol, SMK cloning for
 * V1 partitions, and {@code partition archive backup/restore}.
 *
 * <p>Protocol. The target first describes itself ({@link #cloningTarget}): its device's cloning
 * public key ({@link DeviceKey}, created at HSM init, private half sealed in its flash) tagged
 * under its partition's domain key. The source checks the tag with its own domain key, seals the
 * object (every attribute, key material and OUID) or its SMK into a {@link CloningPayload} under
 * the key its cloning domain derives ({@link DomainKey}), and encrypts that to the target device
 * ({@link TargetEnvelope}). The target opens the envelope with its device key and the payload with
 * its own domain key: the domain authorises a clone, it does not decrypt one, and a payload opens
 * only inside the device it was made for. The library carries descriptors and payloads between the
 * two, on one device or on two.
 *
 * <p>Policies, checked on both ends: HSM policy 7 (cloning); HSM policy 16 (network replication)
 * when the caller declares the transfer a network one, which the library does when source and
 * target are not in one process (the HA router has a switch for it; a backup or restore with a
 * Backup HSM served by another process or host is one, checked on the partition's HSM); partition
 * policy 0 for private keys and 4 for secret keys. The V0/V1 rules are {@link CloningRules}. A
 * Limited Crypto Officer never clones.
 *
 * <p>Backup. A Backup HSM 7 keeps named containers of payloads in its flash under {@code
 * bkp/<name>}, filed by OUID. Payloads reach it encrypted to its own device key; on restore it
 * re-encrypts each to the restore target's device key. It opens only the envelope, never the
 * domain-sealed payload inside. A V0 partition backs up its token objects, a V1 partition only its
 * SMK. Restore adds the payloads whose OUID the target lacks; restricted restore (policy 55) is
 * {@link RestoreRule}.
 */
public final class HsmCloning {
  private static final String BACKUP_PREFIX = "bkp/";

  /** Flash entry of the device's cloning key pair (sealed under the KEK like every entry). */
  static final String DEVICE_KEY = "clonekey";

  private final Object deviceKeyCreation = new Object();
  private static final Pattern CONTAINER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Hsm hsm;
  private volatile SmkVault smkVault;

  HsmCloning(Hsm hsm) {
    this.hsm = hsm;
    this.smkVault = hsm.sks().vault();
  }

  /**
   * Replaces the SMK store SMK cloning and V1 backup go through. By default it is the SKS engine's
   * ({@link HsmSks}): the partition's real primary SMK; {@link SmkVault#NONE} models a device
   * without SKS.
   */
  public void attachSmkVault(SmkVault vault) {
    this.smkVault = Objects.requireNonNull(vault, "vault");
  }

  /** The firmware this device runs, as cloning negotiations report it. */
  public FirmwareVersion firmware() {
    return FirmwareVersion.current();
  }

  // ---------------------------------------------------------------- status

  /**
   * Eight bytes identifying the partition's cloning domain without revealing it; equal for two
   * partitions exactly when they can clone to each other. A status read.
   */
  public byte[] domainFingerprint(int partitionId) throws HsmException {
    hsm.gate(Hsm.Access.STATUS);
    return DomainKey.derive(initialized(hsm.partition(partitionId)).record.domain()).fingerprint();
  }

  /**
   * The fingerprint ({@link SmkSlots#fingerprint}, as {@code smkInfo} shows it) of a V1 partition's
   * primary SMK; empty for a V0 partition or before the Crypto Officer's first login.
   */
  public Optional<byte[]> smkFingerprint(int partitionId) throws HsmException {
    hsm.gate(Hsm.Access.STATUS);
    hsm.partition(partitionId);
    return smkVault.primarySmk(partitionId).map(SmkSlots::fingerprint);
  }

  /**
   * The descriptor a cloning source needs to encrypt to this device: serial, device cloning public
   * key and, for an application partition, a tag under its cloning domain. A Backup HSM's admin
   * slot gives an untagged descriptor (it holds no domain).
   */
  public byte[] cloningTarget(long session) throws HsmException {
    Session s = hsm.session(session);
    hsm.gate(Hsm.Access.NORMAL);
    byte[] pub = deviceKey().publicKey();
    if (s.partitionId == Hsm.ADMIN_PARTITION) {
      return new CloningTarget(hsm.serial(), pub, new byte[0]).encode();
    }
    Partition p = initialized(hsm.partition(s.partitionId));
    return new CloningTarget(hsm.serial(), pub, CloningTarget.tag(domainKey(p), hsm.serial(), pub))
        .encode();
  }

  /** The device's cloning key pair, created on first need (HSM init creates it). */
  DeviceKey deviceKey() throws HsmException {
    byte[] stored = hsm.stored(DEVICE_KEY);
    if (stored != null) {
      return DeviceKey.decode(stored);
    }
    synchronized (deviceKeyCreation) {
      stored = hsm.stored(DEVICE_KEY);
      if (stored != null) {
        return DeviceKey.decode(stored);
      }
      DeviceKey fresh = DeviceKey.generate(hsm.options().random());
      hsm.commitEntries(new FlashStore.Batch().put(DEVICE_KEY, fresh.encode()));
      return fresh;
    }
  }

  /** Hard init: a new device identity for cloning (payloads made for the old one are void). */
  void renewDeviceKey() throws HsmException {
    synchronized (deviceKeyCreation) {
      hsm.commitEntries(
          new FlashStore.Batch()
              .put(DEVICE_KEY, DeviceKey.generate(hsm.options().random()).encode()));
    }
  }

  /** What this partition reports as a restore target. */
  public TargetSecurity securityOf(int partitionId) throws HsmException {
    hsm.gate(Hsm.Access.STATUS);
    return new TargetSecurity(
        firmware(), CloningPayload.PROTOCOL, kindOf(hsm.partition(partitionId)));
  }

  // ---------------------------------------------------------------- object cloning

  /**
   * Source side: seals the object for {@code target} (a descriptor from the target's {@link
   * #cloningTarget}), which must be of the same domain.
   */
  public byte[] cloneObjectOut(long session, long handle, byte[] target, boolean network)
      throws HsmException {
    Session s = cloningSession(session);
    Partition p = hsm.objectPartition(s);
    checkDevicePolicies(network, "source");
    CloningRules.checkOutbound(kindOf(p), PayloadKind.OBJECT);
    CloningTarget to = sameDomainTarget(p, target);
    HsmObject obj = hsm.visibleObject(s, p, handle);
    checkRoleMayClone(s, obj.attributes());
    checkKeyCloningPolicy(p, obj.objectClass(), "source");
    return envelope(seal(p, PayloadKind.OBJECT, obj.ouid(), objectBody(obj)), to);
  }

  /**
   * Target side: opens a payload and stores the object with every attribute and its OUID. A session
   * object becomes a session object of {@code session}. An identical object with the same OUID
   * already there is refused with {@code CKR_OBJECT_ALREADY_EXISTS}.
   */
  public long cloneObjectIn(long session, byte[] payload, boolean network) throws HsmException {
    Session s = cloningSession(session);
    Partition p = hsm.objectPartition(s);
    checkDevicePolicies(network, "target");
    return objectIn(s, p, CloningPayload.parse(openEnvelope(payload)));
  }

  private long objectIn(Session s, Partition p, CloningPayload cp) throws HsmException {
    requireKind(cp, PayloadKind.OBJECT);
    CloningRules.checkDirection(cp.sourceKind(), kindOf(p), PayloadKind.OBJECT);
    Attributes attrs = decodeAttributes(cp.open(domainKey(p)));
    checkRoleMayClone(s, attrs);
    checkKeyCloningPolicy(p, attrs.ulong(Cka.CLASS, -1), "target");
    byte[] ouid = cp.ouid();
    if (findDuplicate(s, p, ouid, attrs) != null) {
      throw new HsmException(
          Ckr.OBJECT_ALREADY_EXISTS,
          "partition "
              + p.id
              + " already holds"
              + " this object (OUID "
              + HexFormat.of().formatHex(ouid)
              + ")");
    }
    return hsm.insertEngineObject(s, attrs, ouid).handle();
  }

  // ---------------------------------------------------------------- SMK cloning

  /**
   * Source side: seals a V1 partition's primary SMK (the only thing a V1 partition clones) for
   * {@code target}, a same-domain descriptor from {@link #cloningTarget}.
   */
  public byte[] cloneSmkOut(long session, byte[] target, boolean network) throws HsmException {
    Session s = cloningSession(session);
    Partition p = hsm.objectPartition(s);
    requireRole(s, Role.CRYPTO_OFFICER, "cloning the SMK");
    checkDevicePolicies(network, "source");
    CloningRules.checkOutbound(kindOf(p), PayloadKind.SMK);
    CloningTarget to = sameDomainTarget(p, target);
    return envelope(smkPayload(p), to);
  }

  private byte[] smkPayload(Partition p) throws HsmException {
    byte[] smk =
        smkVault
            .primarySmk(p.id)
            .orElseThrow(
                () ->
                    new HsmException(
                        Ckr.KEY_NEEDED, "V1 partition " + p.id + " has no SMK to clone"));
    return seal(p, PayloadKind.SMK, null, smk);
  }

  /** Target side: a V1 partition takes the SMK (replacing its own primary SMK). */
  public void cloneSmkIn(long session, byte[] payload, boolean network) throws HsmException {
    Session s = cloningSession(session);
    Partition p = hsm.objectPartition(s);
    requireRole(s, Role.CRYPTO_OFFICER, "taking an SMK");
    checkDevicePolicies(network, "target");
    smkIn(p, CloningPayload.parse(openEnvelope(payload)));
  }

  private void smkIn(Partition p, CloningPayload cp) throws HsmException {
    requireKind(cp, PayloadKind.SMK);
    CloningRules.checkDirection(cp.sourceKind(), kindOf(p), PayloadKind.SMK);
    smkVault.installPrimarySmk(p.id, cp.open(domainKey(p)));
  }

  // ---------------------------------------------------------------- backup, source and target

  /**
   * The payloads {@code partition archive backup} takes from the session's partition: every token
   * object of a V0 partition, or the SMK of a V1 partition. Refused as a whole when any object may
   * not be cloned, so a backup is never silently partial.
   */
  public List<byte[]> archiveOut(long session, byte[] backupTarget) throws HsmException {
    return archiveOut(session, backupTarget, false);
  }

  /**
   * {@link #archiveOut(long, byte[])} to a Backup HSM that is {@code remote} (not attached to this
   * HSM's host), which HSM policy 16 must allow.
   */
  public List<byte[]> archiveOut(long session, byte[] backupTarget, boolean remote)
      throws HsmException {
    Session s = cloningSession(session);
    Partition p = hsm.objectPartition(s);
    CloningTarget to = CloningTarget.decode(backupTarget);
    checkRemoteBackup(remote, "backup to");
    if (kindOf(p) == PartitionKind.V1) {
      requireRole(s, Role.CRYPTO_OFFICER, "cloning the SMK");
      checkDevicePolicies(false, "source");
      CloningRules.checkOutbound(kindOf(p), PayloadKind.SMK);
      return List.of(envelope(smkPayload(p), to));
    }
    checkDevicePolicies(false, "source");
    List<HsmObject> objects = new ArrayList<>();
    for (long h : hsm.findObjects(session, Attributes.builder().set(Cka.TOKEN, true).build())) {
      HsmObject o = hsm.visibleObject(s, p, h);
      checkRoleMayClone(s, o.attributes());
      checkKeyCloningPolicy(p, o.objectClass(), "source");
      objects.add(o);
    }
    List<byte[]> out = new ArrayList<>();
    for (HsmObject o : objects) {
      out.add(envelope(seal(p, PayloadKind.OBJECT, o.ouid(), objectBody(o)), to));
    }
    return out;
  }

  /**
   * {@code partition archive restore} on the target: checks every payload first, then adds the
   * objects whose OUID the partition does not hold yet (a V1 partition takes the SMK).
   */
  public BackupReport restoreIn(long session, String container, List<byte[]> payloads)
      throws HsmException {
    return restoreIn(session, container, payloads, false);
  }

  /**
   * {@link #restoreIn(long, String, List)} from a Backup HSM that is {@code remote}, which HSM
   * policy 16 must allow.
   */
  public BackupReport restoreIn(
      long session, String container, List<byte[]> payloads, boolean remote) throws HsmException {
    Session s = cloningSession(session);
    Partition p = hsm.objectPartition(s);
    checkRemoteBackup(remote, "restore from");
    checkDevicePolicies(false, "target");
    DomainKey key = domainKey(p);
    List<CloningPayload> parsed = new ArrayList<>();
    for (byte[] b : payloads) {
      CloningPayload cp = CloningPayload.parse(openEnvelope(b));
      CloningRules.checkDirection(cp.sourceKind(), kindOf(p), cp.kind());
      byte[] body = cp.open(key);
      if (cp.kind() == PayloadKind.OBJECT) {
        checkRoleMayClone(s, decodeAttributes(body));
      }
      parsed.add(cp);
    }
    int copied = 0;
    int skipped = 0;
    for (CloningPayload cp : parsed) {
      if (cp.kind() == PayloadKind.SMK) {
        requireRole(s, Role.CRYPTO_OFFICER, "taking an SMK");
        smkIn(p, cp);
        copied++;
      } else if (holdsOuid(p, cp.ouid())) {
        skipped++;
      } else {
        try {
          objectIn(s, p, cp);
        } catch (HsmException e) {
          throw new HsmException(
              e.returnCode(),
              "restore of container "
                  + container
                  + " stopped after "
                  + copied
                  + " of "
                  + parsed.size()
                  + " item(s): "
                  + e.detail()
                  + (e.returnCode() == Ckr.CONTAINER_OBJECT_STORAGE_FULL
                      ? "; make room and restore again (objects already there are skipped)"
                      : ""),
              e);
        }
        copied++;
      }
    }
    return new BackupReport(container, copied, skipped, parsed.size());
  }

  // ---------------------------------------------------------------- backup, Backup HSM side

  /**
   * Files payloads in a container on this Backup HSM (HSM SO). Without {@code append} the container
   * must not exist; with it, only payloads whose OUID the container lacks are added, and they must
   * come from the same domain and partition generation.
   */
  public BackupReport storeBackup(
      long backupSession,
      String container,
      String sourcePartitionSerial,
      List<byte[]> payloads,
      boolean append)
      throws HsmException {
    requireBackupSo(backupSession);
    checkContainerName(container);
    if (payloads.isEmpty() && !append) {
      throw new HsmException(Ckr.ARGUMENTS_BAD, "nothing to back up into container " + container);
    }
    Optional<BackupContainer> existing = readContainer(container);
    if (existing.isPresent() && !append) {
      throw new HsmException(
          Ckr.OBJECT_ALREADY_EXISTS,
          "backup container "
              + container
              + " already exists; use -append to add to it or delete it first");
    }
    List<CloningPayload> parsed = new ArrayList<>();
    Map<CloningPayload, byte[]> envelopes = new java.util.IdentityHashMap<>();
    for (byte[] b : payloads) {
      // Opened here, inside the Backup HSM, only to file the payload by its header.
      CloningPayload cp = CloningPayload.parse(openEnvelope(b));
      parsed.add(cp);
      envelopes.put(cp, b);
    }
    BackupContainer base = existing.orElse(null);
    if (base == null) {
      CloningPayload first = parsed.get(0);
      long now = hsm.options().time().millis();
      base =
          new BackupContainer(
              container,
              first.sourceKind(),
              first.sourceFirmware(),
              first.protocol(),
              sourcePartitionSerial,
              first.domainFingerprint(),
              now,
              now,
              Map.of());
    }
    Map<String, byte[]> added = new LinkedHashMap<>();
    int skipped = 0;
    for (CloningPayload cp : parsed) {
      if (!Arrays.equals(cp.domainFingerprint(), base.domainFingerprint())
          || cp.sourceKind() != base.sourceKind()) {
        throw new HsmException(
            Ckr.OPERATION_NOT_ALLOWED,
            "container "
                + container
                + " holds a "
                + base.sourceKind()
                + " of another domain or generation than the partition being"
                + " backed up; use another container");
      }
      String key = BackupContainer.entryKey(cp);
      if (base.items().containsKey(key) && cp.kind() == PayloadKind.OBJECT
          || added.containsKey(key)) {
        skipped++;
      } else {
        added.put(key, envelopes.get(cp));
      }
    }
    BackupContainer next = base.with(added, hsm.options().time().millis());
    hsm.commitEntries(new FlashStore.Batch().put(BACKUP_PREFIX + container, next.encode()));
    return new BackupReport(container, added.size(), skipped, parsed.size());
  }

  /**
   * Hands a container's payloads to a restore target (HSM SO), applying restricted restore (HSM
   * policy 55) against what the target reports about itself.
   */
  public List<byte[]> fetchBackup(
      long backupSession, String container, TargetSecurity target, byte[] restoreTarget)
      throws HsmException {
    requireBackupSo(backupSession);
    BackupContainer c = container(container);
    RestoreRule.check(
        hsm.hsmPolicies().isOn(HsmPolicies.RESTRICTED_RESTORE),
        c.sourceFirmware(),
        c.protocol(),
        target);
    CloningTarget to = CloningTarget.decode(restoreTarget);
    List<byte[]> out = new ArrayList<>();
    for (byte[] stored : c.payloads()) {
      out.add(envelope(openEnvelope(stored), to));
    }
    return out;
  }

  public List<BackupContainerInfo> listBackups(long backupSession) throws HsmException {
    requireBackupSo(backupSession);
    List<BackupContainerInfo> out = new ArrayList<>();
    for (byte[] rec : hsm.scanEntries(BACKUP_PREFIX).values()) {
      out.add(decodeContainer(rec).info());
    }
    return out;
  }

  public void deleteBackup(long backupSession, String container) throws HsmException {
    requireBackupSo(backupSession);
    container(container);
    hsm.commitEntries(new FlashStore.Batch().delete(BACKUP_PREFIX + container));
  }

  /**
   * {@code partition archive backup} between two engines in one process: the source partition's
   * payloads into {@code container} on {@code backupHsm}.
   */
  public static BackupReport backup(
      Hsm source,
      long session,
      int partitionId,
      Hsm backupHsm,
      long backupSession,
      String container,
      boolean append)
      throws HsmException {
    List<byte[]> payloads =
        source.cloning().archiveOut(session, backupHsm.cloning().cloningTarget(backupSession));
    return backupHsm
        .cloning()
        .storeBackup(
            backupSession, container, source.partitionSerial(partitionId), payloads, append);
  }

  /** {@code partition archive restore} between two engines in one process. */
  public static BackupReport restore(
      Hsm backupHsm,
      long backupSession,
      String container,
      Hsm target,
      long session,
      int partitionId)
      throws HsmException {
    TargetSecurity security = target.cloning().securityOf(partitionId);
    List<byte[]> payloads =
        backupHsm
            .cloning()
            .fetchBackup(
                backupSession, container, security, target.cloning().cloningTarget(session));
    return target.cloning().restoreIn(session, container, payloads);
  }

  // ---------------------------------------------------------------- helpers

  private Session cloningSession(long handle) throws HsmException {
    Session s = hsm.session(handle);
    hsm.gate(Hsm.Access.NORMAL);
    Role r = hsm.roleOf(s);
    if (r == null || !r.isCryptoRole()) {
      throw new HsmException(
          Ckr.USER_NOT_LOGGED_IN, "cloning needs a Crypto Officer or Crypto" + " User login");
    }
    if (r == Role.LIMITED_CRYPTO_OFFICER) {
      throw new HsmException(Ckr.USER_NOT_AUTHORIZED, "the Limited Crypto Officer does not clone");
    }
    hsm.requireNoPendingChange(s, r);
    return s;
  }

  /**
   * The Crypto User clones, backs up and restores public objects only (the vendor's role table);
   * private objects, keys above all, need the Crypto Officer.
   */
  private void checkRoleMayClone(Session s, Attributes attrs) throws HsmException {
    if (hsm.roleOf(s) == Role.CRYPTO_USER && attrs.bool(Cka.PRIVATE, true)) {
      throw new HsmException(
          Ckr.USER_NOT_AUTHORIZED,
          "the Crypto User clones and backs up"
              + " public objects only; this object is private (Crypto Officer needed)");
    }
  }

  private void requireRole(Session s, Role role, String what) throws HsmException {
    if (hsm.roleOf(s) != role) {
      throw new HsmException(
          Ckr.USER_NOT_AUTHORIZED, what + " needs the " + role.shortName() + " login");
    }
  }

  private void checkDevicePolicies(boolean network, String end) throws HsmException {
    PolicyValues policies = hsm.hsmPolicies();
    if (!policies.isOn(HsmPolicies.ALLOW_CLONING)) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HSM policy 7 (allow cloning) is 0 on " + end + " HSM " + hsm.serial());
    }
    if (network && !policies.isOn(HsmPolicies.ALLOW_NETWORK_REPLICATION)) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HSM policy 16 (allow network" + " replication) is 0 on " + end + " HSM " + hsm.serial());
    }
  }

  /**
   * HSM policy 16 (network replication) at 0 keeps backups on a Backup HSM attached to this HSM's
   * host; a remote one (reached through another host's device service) is refused.
   */
  private void checkRemoteBackup(boolean remote, String what) throws HsmException {
    if (remote && !hsm.hsmPolicies().isOn(HsmPolicies.ALLOW_NETWORK_REPLICATION)) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HSM policy 16 (allow network replication) is 0 on HSM "
              + hsm.serial()
              + ": partitions "
              + what
              + " a remote Backup HSM only while it is 1; a Backup HSM attached to this host"
              + " serves without it");
    }
  }

  private static void checkKeyCloningPolicy(Partition p, long objectClass, String end)
      throws HsmException {
    PolicyValues policies = p.record.policies();
    if (objectClass == Cko.PRIVATE_KEY && !policies.isOn(PartitionPolicies.PRIVATE_KEY_CLONING)) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "partition policy 0 (allow private key"
              + " cloning) is 0 on "
              + end
              + " partition "
              + p.id);
    }
    if (objectClass == Cko.SECRET_KEY && !policies.isOn(PartitionPolicies.SECRET_KEY_CLONING)) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "partition policy 4 (allow secret key"
              + " cloning) is 0 on "
              + end
              + " partition "
              + p.id);
    }
  }

  private static void requireKind(CloningPayload cp, PayloadKind expected) throws HsmException {
    if (cp.kind() != expected) {
      throw new HsmException(
          Ckr.DATA_INVALID,
          "the payload carries "
              + (cp.kind() == PayloadKind.SMK ? "an SMK" : "an object")
              + ", not "
              + (expected == PayloadKind.SMK ? "an SMK" : "an object"));
    }
  }

  private static Partition initialized(Partition p) throws HsmException {
    if (!p.record.initialized()) {
      throw new HsmException(Ckr.TOKEN_NOT_RECOGNIZED, "partition " + p.id + " is not initialized");
    }
    return p;
  }

  private static PartitionKind kindOf(Partition p) {
    return PartitionKind.ofVersion(p.record.version());
  }

  private static DomainKey domainKey(Partition p) throws HsmException {
    return DomainKey.derive(p.record.domain());
  }

  /** A target descriptor whose tag this partition's domain made; another domain is refused. */
  private CloningTarget sameDomainTarget(Partition p, byte[] target) throws HsmException {
    CloningTarget to = CloningTarget.decode(target);
    if (!to.isOfDomain(domainKey(p))) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "the cloning target (HSM " + to.serial() + ") is a partition of another cloning domain");
    }
    return to;
  }

  private byte[] envelope(byte[] inner, CloningTarget to) throws HsmException {
    return TargetEnvelope.seal(inner, to.publicKey(), hsm.options().random());
  }

  private byte[] openEnvelope(byte[] payload) throws HsmException {
    return TargetEnvelope.open(payload, deviceKey(), hsm.serial());
  }

  private byte[] seal(Partition p, PayloadKind kind, byte[] ouid, byte[] body) throws HsmException {
    return CloningPayload.seal(
            domainKey(p), kind, kindOf(p), firmware(), ouid, body, hsm.options().random())
        .encoded();
  }

  /** Every attribute, with the usage counter as it stands now. */
  private static byte[] objectBody(HsmObject obj) {
    return obj.attributes().toBuilder()
        .set(Cka.USAGE_COUNT, obj.usageCounter().get())
        .build()
        .encode();
  }

  private static Attributes decodeAttributes(byte[] body) throws HsmException {
    try {
      return Attributes.decode(new DataInputStream(new ByteArrayInputStream(body)));
    } catch (IOException | RuntimeException e) {
      throw new HsmException(
          Ckr.DATA_INVALID, "the cloned object does not decode: " + e.getMessage(), e);
    }
  }

  private HsmObject findDuplicate(Session s, Partition p, byte[] ouid, Attributes attrs) {
    boolean token = attrs.bool(Cka.TOKEN, false);
    for (HsmObject o : p.objects.values()) {
      if (Arrays.equals(o.ouid(), ouid)
          && o.isToken() == token
          && (token || o.ownerSession() == s.handle)
          && withoutUsage(o.attributes()).equals(withoutUsage(attrs))) {
        return o;
      }
    }
    return null;
  }

  private static Attributes withoutUsage(Attributes a) {
    return a.toBuilder().remove(Cka.USAGE_COUNT).build();
  }

  private static boolean holdsOuid(Partition p, byte[] ouid) {
    return p.objects.values().stream().anyMatch(o -> o.isToken() && Arrays.equals(o.ouid(), ouid));
  }

  private void requireBackupSo(long backupSession) throws HsmException {
    Session s = hsm.session(backupSession);
    hsm.gate(Hsm.Access.NORMAL);
    if (hsm.model() != HsmModel.BACKUP_HSM_7) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "HSM "
              + hsm.serial()
              + " is a "
              + hsm.model().displayName()
              + ", not a Backup HSM; backups go to a Luna Backup HSM 7");
    }
    if (s.partitionId != Hsm.ADMIN_PARTITION) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "backup containers are reached through" + " the Backup HSM's admin slot");
    }
    hsm.requireRole(s, Role.HSM_SO);
  }

  private static void checkContainerName(String name) throws HsmException {
    if (name == null || !CONTAINER_NAME.matcher(name).matches()) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "backup container name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
  }

  private Optional<BackupContainer> readContainer(String name) throws HsmException {
    checkContainerName(name);
    byte[] rec = hsm.scanEntries(BACKUP_PREFIX + name).get(BACKUP_PREFIX + name);
    return rec == null ? Optional.empty() : Optional.of(decodeContainer(rec));
  }

  private BackupContainer container(String name) throws HsmException {
    return readContainer(name)
        .orElseThrow(
            () ->
                new HsmException(
                    Ckr.OBJECT_HANDLE_INVALID,
                    "Backup HSM " + hsm.serial() + " has no backup container " + name));
  }

  private static BackupContainer decodeContainer(byte[] rec) throws HsmException {
    try {
      return BackupContainer.decode(rec);
    } catch (IOException | RuntimeException e) {
      throw new HsmException(
          Ckr.DATA_INVALID, "a stored backup container does not decode: " + e.getMessage(), e);
    }
  }
}
