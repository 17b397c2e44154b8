package io.selenehsm.device;

import io.selenehsm.firmware.clone.BackupContainerInfo;
import io.selenehsm.firmware.clone.BackupPayloads;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.clone.TargetSecurity;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import java.util.Optional;

/**
 * Cloning and backup: cloning targets, object and SMK payloads encrypted to a target, and partition
 * backup to a Backup HSM.
 *
 * <p>A backup or restore ({@link BackupPartition}, {@link RestorePartition}) is driven by the
 * library between two slots ({@link PartitionBackup}): the partition's steps ({@link BackupOut},
 * {@link RestoreSecurity}, {@link RestoreIn}) and the Backup HSM's ({@link CloningTarget}, {@link
 * StoreBackup}, {@link FetchBackup}) are calls of their own, so the Backup HSM can be in this
 * process or behind another host's device service (the Remote Backup Service).
 */
public sealed interface CloningCall<R> extends SlotCall<R> {

  /**
   * Eight bytes naming this partition's cloning domain without revealing it: equal for two
   * partitions exactly when they can clone to each other. A status read.
   */
  record CloningDomainFingerprint() implements CloningCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.read(h -> h.cloning().domainFingerprint(e.partition()));
    }

    @Override
    public CloningDomainFingerprint withHandles(HandleMap map) {
      return this;
    }
  }

  /** A fingerprint of this V1 partition's primary SMK; empty when it has none. */
  record SmkFingerprint() implements CloningCall<Optional<byte[]>> {
    @Override
    public Optional<byte[]> run(EngineAccess e) throws HsmException {
      return e.read(h -> h.cloning().smkFingerprint(e.partition()));
    }

    @Override
    public SmkFingerprint withHandles(HandleMap map) {
      return this;
    }
  }

  /**
   * Cloning target (application slot) or backup target (a Backup HSM's admin slot): the descriptor
   * a source encrypts its payloads to, naming this device's cloning public key, tagged by the
   * partition's cloning domain. Payloads open only inside this device.
   */
  record CloningTarget(long session) implements CloningCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.cloning().cloningTarget(session));
    }

    @Override
    public CloningTarget withHandles(HandleMap map) throws HsmException {
      return new CloningTarget(map.session(session));
    }
  }

  /**
   * Cloning source: the object sealed under the partition's domain key and encrypted to {@code
   * target} (a cloning-target descriptor of a partition of the same domain). {@code network} says
   * the target is on another host, which HSM policy 16 must allow on both ends.
   */
  record CloneObjectOut(long session, long handle, byte[] target, boolean network)
      implements CloningCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.cloning().cloneObjectOut(session, handle, target, network));
    }

    @Override
    public CloneObjectOut withHandles(HandleMap map) throws HsmException {
      return new CloneObjectOut(map.session(session), map.object(handle), target, network);
    }
  }

  /** Cloning target: stores the payload's object with every attribute and its OUID. */
  record CloneObjectIn(long session, byte[] payload, boolean network) implements CloningCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(h -> h.cloning().cloneObjectIn(session, payload, network));
    }

    @Override
    public CloneObjectIn withHandles(HandleMap map) throws HsmException {
      return new CloneObjectIn(map.session(session), payload, network);
    }
  }

  /** Cloning source for a V1 partition's SMK, encrypted to {@code target} as for objects. */
  record CloneSmkOut(long session, byte[] target, boolean network) implements CloningCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.cloning().cloneSmkOut(session, target, network));
    }

    @Override
    public CloneSmkOut withHandles(HandleMap map) throws HsmException {
      return new CloneSmkOut(map.session(session), target, network);
    }
  }

  /** Cloning target for an SMK: this V1 partition takes it as its primary SMK. */
  record CloneSmkIn(long session, byte[] payload, boolean network) implements CloningCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.cloning().cloneSmkIn(session, payload, network));
    }

    @Override
    public CloneSmkIn withHandles(HandleMap map) throws HsmException {
      return new CloneSmkIn(map.session(session), payload, network);
    }
  }

  /**
   * {@code partition archive backup}: this partition's token objects (V0) or SMK (V1) into {@code
   * container} on the Backup HSM whose admin slot is {@code backupSlot}, where {@code
   * backupSession} is logged in as HSM SO. {@code append} adds only what the container lacks, by
   * OUID.
   */
  record BackupPartition(
      long session, Slot backupSlot, long backupSession, String container, boolean append)
      implements CloningCall<BackupReport> {
    @Override
    public BackupReport run(EngineAccess e) throws HsmException {
      return e.backup(this);
    }

    @Override
    public BackupPartition withHandles(HandleMap map) throws HsmException {
      return new BackupPartition(
          map.session(session), backupSlot, backupSession, container, append);
    }
  }

  /** {@code partition archive restore}: adds the container's objects this partition lacks. */
  record RestorePartition(long session, Slot backupSlot, long backupSession, String container)
      implements CloningCall<BackupReport> {
    @Override
    public BackupReport run(EngineAccess e) throws HsmException {
      return e.restore(this);
    }

    @Override
    public RestorePartition withHandles(HandleMap map) throws HsmException {
      return new RestorePartition(map.session(session), backupSlot, backupSession, container);
    }
  }

  /** The containers on this Backup HSM (admin slot, HSM SO session). */
  record ListBackups(long session) implements CloningCall<List<BackupContainerInfo>> {
    @Override
    public List<BackupContainerInfo> run(EngineAccess e) throws HsmException {
      return e.command(h -> h.cloning().listBackups(session));
    }

    @Override
    public ListBackups withHandles(HandleMap map) throws HsmException {
      return new ListBackups(map.session(session));
    }
  }

  /** Deletes a container on this Backup HSM (admin slot, HSM SO session). */
  record DeleteBackup(long session, String container) implements CloningCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.cloning().deleteBackup(session, container));
    }

    @Override
    public DeleteBackup withHandles(HandleMap map) throws HsmException {
      return new DeleteBackup(map.session(session), container);
    }
  }

  /**
   * Backup HSM side of a backup (admin slot, HSM SO session): files {@code payloads}, encrypted to
   * this Backup HSM by {@code source} partition, in {@code container}. Without {@code append} the
   * container must not exist; with it, only what the container lacks is added, by OUID.
   */
  record StoreBackup(
      long session, String container, String source, List<byte[]> payloads, boolean append)
      implements CloningCall<BackupReport> {
    @Override
    public BackupReport run(EngineAccess e) throws HsmException {
      return e.command(h -> h.cloning().storeBackup(session, container, source, payloads, append));
    }

    @Override
    public StoreBackup withHandles(HandleMap map) throws HsmException {
      return new StoreBackup(map.session(session), container, source, payloads, append);
    }
  }

  /**
   * Backup HSM side of a restore (admin slot, HSM SO session): the container's payloads
   * re-encrypted to {@code restoreTarget} (the restoring partition's cloning-target descriptor),
   * after restricted restore (HSM policy 55) has checked what the target reports of itself.
   */
  record FetchBackup(long session, String container, TargetSecurity target, byte[] restoreTarget)
      implements CloningCall<List<byte[]>> {
    @Override
    public List<byte[]> run(EngineAccess e) throws HsmException {
      return e.command(h -> h.cloning().fetchBackup(session, container, target, restoreTarget));
    }

    @Override
    public FetchBackup withHandles(HandleMap map) throws HsmException {
      return new FetchBackup(map.session(session), container, target, restoreTarget);
    }
  }

  /**
   * Partition side of a backup: this partition's token objects (V0) or SMK (V1) encrypted to {@code
   * backupTarget} (the Backup HSM's cloning-target descriptor). {@code remote} says the Backup HSM
   * is not in this process or server, which HSM policy 16 must allow.
   */
  record BackupOut(long session, byte[] backupTarget, boolean remote)
      implements CloningCall<BackupPayloads> {
    @Override
    public BackupPayloads run(EngineAccess e) throws HsmException {
      return e.command(
          h ->
              new BackupPayloads(
                  h.partitionSerial(e.partition()),
                  h.cloning().archiveOut(session, backupTarget, remote)));
    }

    @Override
    public BackupOut withHandles(HandleMap map) throws HsmException {
      return new BackupOut(map.session(session), backupTarget, remote);
    }
  }

  /** Partition side of a restore: what this partition reports of itself to the Backup HSM. */
  record RestoreSecurity() implements CloningCall<TargetSecurity> {
    @Override
    public TargetSecurity run(EngineAccess e) throws HsmException {
      return e.command(h -> h.cloning().securityOf(e.partition()));
    }

    @Override
    public RestoreSecurity withHandles(HandleMap map) {
      return this;
    }
  }

  /**
   * Partition side of a restore: adds the payloads' objects this partition lacks (a V1 partition
   * takes the SMK). {@code remote} as for {@link BackupOut}.
   */
  record RestoreIn(long session, String container, List<byte[]> payloads, boolean remote)
      implements CloningCall<BackupReport> {
    @Override
    public BackupReport run(EngineAccess e) throws HsmException {
      return e.command(h -> h.cloning().restoreIn(session, container, payloads, remote));
    }

    @Override
    public RestoreIn withHandles(HandleMap map) throws HsmException {
      return new RestoreIn(map.session(session), container, payloads, remote);
    }
  }
}
