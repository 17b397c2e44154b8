package io.selenehsm.device;

import io.selenehsm.firmware.GeneratedKeyPair;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.MechanismInfo;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.rc.HsmException;
import java.security.PublicKey;
import java.util.List;

/**
 * Single-part cryptography and key management: sign, verify, encrypt, decrypt, digest, wrap,
 * unwrap, derive, generate, encapsulate; each call stands alone, so a router may serve it from any
 * member.
 */
public sealed interface CryptoCall<R> extends SlotCall<R> {

  /** The mechanisms the device serves. */
  record GetMechanisms() implements CryptoCall<List<MechanismInfo>> {
    @Override
    public List<MechanismInfo> run(EngineAccess e) throws HsmException {
      return e.read(h -> h.crypto().mechanisms());
    }

    @Override
    public GetMechanisms withHandles(HandleMap map) {
      return this;
    }
  }

  /** C_GetMechanismInfo. */
  record GetMechanismInfo(long mechanism) implements CryptoCall<MechanismInfo> {
    @Override
    public MechanismInfo run(EngineAccess e) throws HsmException {
      return e.read(h -> h.crypto().mechanismInfo(mechanism));
    }

    @Override
    public GetMechanismInfo withHandles(HandleMap map) {
      return this;
    }
  }

  /** C_GenerateKey. */
  record GenerateKey(long session, Mechanism mechanism, Attributes template)
      implements CryptoCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().generateKey(session, mechanism, template));
    }

    @Override
    public GenerateKey withHandles(HandleMap map) throws HsmException {
      return new GenerateKey(map.session(session), mechanism, template);
    }
  }

  /**
   * C_GenerateKeyPair: both handles and each half's attributes as the session may read them (the
   * key objects a caller builds need no second call).
   */
  record GenerateKeyPair(
      long session, Mechanism mechanism, Attributes publicTemplate, Attributes privateTemplate)
      implements CryptoCall<GeneratedKeyPair> {
    @Override
    public GeneratedKeyPair run(EngineAccess e) throws HsmException {
      return e.command(
          h ->
              h.crypto()
                  .generateKeyPairObjects(session, mechanism, publicTemplate, privateTemplate));
    }

    @Override
    public GenerateKeyPair withHandles(HandleMap map) throws HsmException {
      return new GenerateKeyPair(map.session(session), mechanism, publicTemplate, privateTemplate);
    }
  }

  /** Single-part sign without session state. */
  record Sign(long session, Mechanism mechanism, long key, byte[] data)
      implements CryptoCall<byte[]> {
    /** The type without a lookup: this call is on the per-operation path. */
    @Override
    public CallType type() {
      return CallType.SIGN;
    }

    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().sign(session, mechanism, key, data));
    }

    @Override
    public Sign withHandles(HandleMap map) throws HsmException {
      return new Sign(map.session(session), mechanism, map.object(key), data);
    }
  }

  /** Single-part verify without session state; returns only when valid. */
  record Verify(long session, Mechanism mechanism, long key, byte[] data, byte[] signature)
      implements CryptoCall<Void> {
    /** The type without a lookup: this call is on the per-operation path. */
    @Override
    public CallType type() {
      return CallType.VERIFY;
    }

    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().verify(session, mechanism, key, data, signature));
    }

    @Override
    public Verify withHandles(HandleMap map) throws HsmException {
      return new Verify(map.session(session), mechanism, map.object(key), data, signature);
    }
  }

  /** Verify with a caller's public key (not an object). */
  record VerifyWithPublicKey(
      long session, Mechanism mechanism, PublicKey key, byte[] data, byte[] signature)
      implements CryptoCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(
          h -> h.crypto().verifyWithPublicKey(session, mechanism, key, data, signature));
    }

    @Override
    public VerifyWithPublicKey withHandles(HandleMap map) throws HsmException {
      return new VerifyWithPublicKey(map.session(session), mechanism, key, data, signature);
    }
  }

  /** Single-part encrypt without session state. */
  record Encrypt(long session, Mechanism mechanism, long key, byte[] data)
      implements CryptoCall<Encrypted> {
    /** The type without a lookup: this call is on the per-operation path. */
    @Override
    public CallType type() {
      return CallType.ENCRYPT;
    }

    @Override
    public Encrypted run(EngineAccess e) throws HsmException {
      return e.command(h -> Encrypted.of(h.crypto().encrypt(session, mechanism, key, data)));
    }

    @Override
    public Encrypt withHandles(HandleMap map) throws HsmException {
      return new Encrypt(map.session(session), mechanism, map.object(key), data);
    }
  }

  /** Encrypt to a caller's public key (not an object). */
  record EncryptWithPublicKey(long session, Mechanism mechanism, PublicKey key, byte[] data)
      implements CryptoCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().encryptWithPublicKey(session, mechanism, key, data));
    }

    @Override
    public EncryptWithPublicKey withHandles(HandleMap map) throws HsmException {
      return new EncryptWithPublicKey(map.session(session), mechanism, key, data);
    }
  }

  /** Single-part decrypt without session state. */
  record Decrypt(long session, Mechanism mechanism, long key, byte[] data)
      implements CryptoCall<byte[]> {
    /** The type without a lookup: this call is on the per-operation path. */
    @Override
    public CallType type() {
      return CallType.DECRYPT;
    }

    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().decrypt(session, mechanism, key, data));
    }

    @Override
    public Decrypt withHandles(HandleMap map) throws HsmException {
      return new Decrypt(map.session(session), mechanism, map.object(key), data);
    }
  }

  /** Single-part digest. */
  record Digest(long session, Mechanism mechanism, byte[] data) implements CryptoCall<byte[]> {
    /** The type without a lookup: this call is on the per-operation path. */
    @Override
    public CallType type() {
      return CallType.DIGEST;
    }

    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().digest(session, mechanism, data));
    }

    @Override
    public Digest withHandles(HandleMap map) throws HsmException {
      return new Digest(map.session(session), mechanism, data);
    }
  }

  /** C_SeedRandom. */
  record SeedRandom(long session, byte[] seed) implements CryptoCall<Void> {
    @Override
    public Void run(EngineAccess e) throws HsmException {
      return e.perform(h -> h.crypto().seedRandom(session, seed));
    }

    @Override
    public SeedRandom withHandles(HandleMap map) throws HsmException {
      return new SeedRandom(map.session(session), seed);
    }
  }

  /** C_WrapKey. */
  record WrapKey(long session, Mechanism mechanism, long wrappingKey, long key)
      implements CryptoCall<byte[]> {
    @Override
    public byte[] run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().wrapKey(session, mechanism, wrappingKey, key));
    }

    @Override
    public WrapKey withHandles(HandleMap map) throws HsmException {
      return new WrapKey(map.session(session), mechanism, map.object(wrappingKey), map.object(key));
    }
  }

  /** C_UnwrapKey. */
  record UnwrapKey(
      long session, Mechanism mechanism, long unwrappingKey, byte[] wrapped, Attributes template)
      implements CryptoCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(
          h -> h.crypto().unwrapKey(session, mechanism, unwrappingKey, wrapped, template));
    }

    @Override
    public UnwrapKey withHandles(HandleMap map) throws HsmException {
      return new UnwrapKey(
          map.session(session), mechanism, map.object(unwrappingKey), wrapped, template);
    }
  }

  /** C_DeriveKey (base key 0 for PBKDF2). */
  record DeriveKey(long session, Mechanism mechanism, long baseKey, Attributes template)
      implements CryptoCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(h -> h.crypto().deriveKey(session, mechanism, baseKey, template));
    }

    @Override
    public DeriveKey withHandles(HandleMap map) throws HsmException {
      return new DeriveKey(map.session(session), mechanism, map.object(baseKey), template);
    }
  }

  /** ML-KEM encapsulation to a public key object: the ciphertext and the new secret's handle. */
  record Encapsulate(long session, Mechanism mechanism, long publicKey, Attributes template)
      implements CryptoCall<Encapsulated> {
    @Override
    public Encapsulated run(EngineAccess e) throws HsmException {
      return e.command(
          h -> Encapsulated.of(h.crypto().encapsulate(session, mechanism, publicKey, template)));
    }

    @Override
    public Encapsulate withHandles(HandleMap map) throws HsmException {
      return new Encapsulate(map.session(session), mechanism, map.object(publicKey), template);
    }
  }

  /** ML-KEM decapsulation: the new secret's handle. */
  record Decapsulate(
      long session, Mechanism mechanism, long privateKey, byte[] ciphertext, Attributes template)
      implements CryptoCall<Long> {
    @Override
    public Long run(EngineAccess e) throws HsmException {
      return e.command(
          h -> h.crypto().decapsulate(session, mechanism, privateKey, ciphertext, template));
    }

    @Override
    public Decapsulate withHandles(HandleMap map) throws HsmException {
      return new Decapsulate(
          map.session(session), mechanism, map.object(privateKey), ciphertext, template);
    }
  }
}
