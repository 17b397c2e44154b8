package io.selenehsm.device;

import io.selenehsm.firmware.clone.BackupContainerInfo;
import io.selenehsm.firmware.clone.BackupReport;
import io.selenehsm.firmware.rc.HsmException;
import java.util.List;
import java.util.Optional;

/**
 * Cloning and backup: cloning targets, object and SMK payloads encrypted to a target, and partition
 * backup to a Backup HSM.
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
}
