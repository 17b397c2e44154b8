package io.selenehsm.device;

import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.sks.SksAuthorization;
import io.selenehsm.firmware.sks.SksExtractRequest;
import io.selenehsm.firmware.sks.SmkInfo;
import java.util.List;

/**
 * Scalable Key Storage on V1 partitions: the SMK, extraction of objects into blobs and insertion of
 * blobs.
 */
public sealed interface SksCall<R> extends SlotCall<R> {

  /** The partition's SMK fingerprints (primary, rollover, legacy). */
  record GetSmkInfo(long session) implements SksCall<SmkInfo> {
    @Override
    public SmkInfo run(EngineAccess e) throws HsmException {
      return e.command(h -> h.sks().smkInfo(session));
    }

    @Override
    public GetSmkInfo withHandles(HandleMap map) throws HsmException {
      return new GetSmkInfo(map.session(session));
    }
  }

  /** SMK rollover (Crypto Officer): a new primary; the old one still inserts. */
  record RolloverSmk(long session) implements SksCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.sks().rolloverSmk(session));
    }

    @Override
    public RolloverSmk withHandles(HandleMap map) throws HsmException {
      return new RolloverSmk(map.session(session));
    }
  }

  /** Size of the blob {@code sksExtract} would produce; nothing is produced or deleted. */
  record SksExtractSize(long session, SksExtractRequest request) implements SksCall<Integer> {
    @Override
    public Integer run(EngineAccess e) throws HsmException {
      return e.command(h -> h.sks().extractSize(session, request));
    }

    @Override
    public SksExtractSize withHandles(HandleMap map) throws HsmException {
      return new SksExtractSize(map.session(session), map.objects(request));
    }
  }

  /** Extracts objects into one blob sealed under the Primary SMK. */
  record SksExtract(long session, SksExtractRequest request) implements SksCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.sks().extract(session, request));
    }

    @Override
    public SksExtract withHandles(HandleMap map) throws HsmException {
      return new SksExtract(map.session(session), map.objects(request));
    }
  }

  /** Inserts a blob's objects as session objects; their handles, in blob order. */
  record SksInsert(long session, byte[] blob, SksAuthorization authorization)
      implements SksCall<long[]> {
    @Override
    public long[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.sks().insert(session, blob, authorization));
    }

    @Override
    public SksInsert withHandles(HandleMap map) throws HsmException {
      return new SksInsert(map.session(session), blob, authorization);
    }
  }

  /**
   * HA replication into a V1 partition: inserts a blob's objects as they were extracted (token
   * objects stay token objects), keeping every attribute and the OUID; handles in blob order.
   */
  record SksInsertReplica(long session, byte[] blob) implements SksCall<long[]> {
    @Override
    public long[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.sks().insertReplica(session, blob, null));
    }

    @Override
    public SksInsertReplica withHandles(HandleMap map) throws HsmException {
      return new SksInsertReplica(map.session(session), blob);
    }
  }

  /** Signs every input with the key in the blob without leaving it inserted. */
  record SksSignFromBlob(
      long session,
      byte[] blob,
      SksAuthorization authorization,
      Mechanism mechanism,
      List<byte[]> inputs)
      implements SksCall<List<byte[]>> {
    @Override
    public List<byte[]> run(EngineAccess e) throws HsmException {
      return e.command(h -> h.sks().signFromBlob(session, blob, authorization, mechanism, inputs));
    }

    @Override
    public SksSignFromBlob withHandles(HandleMap map) throws HsmException {
      return new SksSignFromBlob(map.session(session), blob, authorization, mechanism, inputs);
    }
  }
}
