package io.selenehsm.device;

import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.rc.HsmException;

/**
 * Multi-part cryptography: an init, updates and a final on one session; the operation state lives
 * in the device that ran the init, so a router pins the session to it until the operation ends.
 */
public sealed interface MultiPartCall<R> extends SlotCall<R> {

  /** C_SignInit. */
  record SignInit(long session, Mechanism mechanism, long key) implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().signInit(session, mechanism, key));
    }

    @Override
    public SignInit withHandles(HandleMap map) throws HsmException {
      return new SignInit(map.session(session), mechanism, map.object(key));
    }
  }

  /** C_SignUpdate. */
  record SignUpdate(long session, byte[] data) implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().signUpdate(session, data));
    }

    @Override
    public SignUpdate withHandles(HandleMap map) throws HsmException {
      return new SignUpdate(map.session(session), data);
    }
  }

  /** C_SignFinal. */
  record SignFinal(long session) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().signFinal(session));
    }

    @Override
    public SignFinal withHandles(HandleMap map) throws HsmException {
      return new SignFinal(map.session(session));
    }
  }

  /** C_Sign after C_SignInit. */
  record SignInitialized(long session, byte[] data) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().sign(session, data));
    }

    @Override
    public SignInitialized withHandles(HandleMap map) throws HsmException {
      return new SignInitialized(map.session(session), data);
    }
  }

  /** C_VerifyInit. */
  record VerifyInit(long session, Mechanism mechanism, long key) implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().verifyInit(session, mechanism, key));
    }

    @Override
    public VerifyInit withHandles(HandleMap map) throws HsmException {
      return new VerifyInit(map.session(session), mechanism, map.object(key));
    }
  }

  /** C_VerifyUpdate. */
  record VerifyUpdate(long session, byte[] data) implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().verifyUpdate(session, data));
    }

    @Override
    public VerifyUpdate withHandles(HandleMap map) throws HsmException {
      return new VerifyUpdate(map.session(session), data);
    }
  }

  /** C_VerifyFinal; returns only when valid. */
  record VerifyFinal(long session, byte[] signature) implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().verifyFinal(session, signature));
    }

    @Override
    public VerifyFinal withHandles(HandleMap map) throws HsmException {
      return new VerifyFinal(map.session(session), signature);
    }
  }

  /** C_Verify after C_VerifyInit. */
  record VerifyInitialized(long session, byte[] data, byte[] signature)
      implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().verify(session, data, signature));
    }

    @Override
    public VerifyInitialized withHandles(HandleMap map) throws HsmException {
      return new VerifyInitialized(map.session(session), data, signature);
    }
  }

  /** C_EncryptInit; returns an HSM-generated IV or an empty array. */
  record EncryptInit(long session, Mechanism mechanism, long key) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().encryptInit(session, mechanism, key));
    }

    @Override
    public EncryptInit withHandles(HandleMap map) throws HsmException {
      return new EncryptInit(map.session(session), mechanism, map.object(key));
    }
  }

  /** C_EncryptUpdate. */
  record EncryptUpdate(long session, byte[] data) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().encryptUpdate(session, data));
    }

    @Override
    public EncryptUpdate withHandles(HandleMap map) throws HsmException {
      return new EncryptUpdate(map.session(session), data);
    }
  }

  /** C_EncryptFinal. */
  record EncryptFinal(long session) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().encryptFinal(session));
    }

    @Override
    public EncryptFinal withHandles(HandleMap map) throws HsmException {
      return new EncryptFinal(map.session(session));
    }
  }

  /** C_Encrypt after C_EncryptInit. */
  record EncryptInitialized(long session, byte[] data) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().encrypt(session, data));
    }

    @Override
    public EncryptInitialized withHandles(HandleMap map) throws HsmException {
      return new EncryptInitialized(map.session(session), data);
    }
  }

  /** C_DecryptInit. */
  record DecryptInit(long session, Mechanism mechanism, long key) implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().decryptInit(session, mechanism, key));
    }

    @Override
    public DecryptInit withHandles(HandleMap map) throws HsmException {
      return new DecryptInit(map.session(session), mechanism, map.object(key));
    }
  }

  /** C_DecryptUpdate. */
  record DecryptUpdate(long session, byte[] data) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().decryptUpdate(session, data));
    }

    @Override
    public DecryptUpdate withHandles(HandleMap map) throws HsmException {
      return new DecryptUpdate(map.session(session), data);
    }
  }

  /** C_DecryptFinal. */
  record DecryptFinal(long session) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().decryptFinal(session));
    }

    @Override
    public DecryptFinal withHandles(HandleMap map) throws HsmException {
      return new DecryptFinal(map.session(session));
    }
  }

  /** C_Decrypt after C_DecryptInit. */
  record DecryptInitialized(long session, byte[] data) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().decrypt(session, data));
    }

    @Override
    public DecryptInitialized withHandles(HandleMap map) throws HsmException {
      return new DecryptInitialized(map.session(session), data);
    }
  }

  /** C_DigestInit. */
  record DigestInit(long session, Mechanism mechanism) implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().digestInit(session, mechanism));
    }

    @Override
    public DigestInit withHandles(HandleMap map) throws HsmException {
      return new DigestInit(map.session(session), mechanism);
    }
  }

  /** C_DigestUpdate. */
  record DigestUpdate(long session, byte[] data) implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().digestUpdate(session, data));
    }

    @Override
    public DigestUpdate withHandles(HandleMap map) throws HsmException {
      return new DigestUpdate(map.session(session), data);
    }
  }

  /** C_DigestKey. */
  record DigestKey(long session, long key) implements MultiPartCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().digestKey(session, key));
    }

    @Override
    public DigestKey withHandles(HandleMap map) throws HsmException {
      return new DigestKey(map.session(session), map.object(key));
    }
  }

  /** C_DigestFinal. */
  record DigestFinal(long session) implements MultiPartCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().digestFinal(session));
    }

    @Override
    public DigestFinal withHandles(HandleMap map) throws HsmException {
      return new DigestFinal(map.session(session));
    }
  }
}
