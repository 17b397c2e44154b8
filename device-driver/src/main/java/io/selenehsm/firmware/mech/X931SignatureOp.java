package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.io.ByteArrayOutputStream;
import java.security.Key;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.X931Signer;
import org.bouncycastle.crypto.util.DigestFactory;

/**
 * ANSI X9.31 RSA signatures on Bouncy Castle's {@link X931Signer} (blinded private operation). The
 * hashing variants hash the data; raw CKM_RSA_X9_31 takes the hash itself and infers the hash
 * function from its length (20/28/32/48/64 bytes = SHA-1/224/256/384/512).
 */
final class X931SignatureOp implements SignatureOperation {
  private final Key key;
  private final SecureRandom random;
  private final X931Signer signer;
  private final ByteArrayOutputStream rawInput;
  private final int modulusBytes;
  private boolean done;

  /** {@code hash} null means raw CKM_RSA_X9_31: the input is the hash. */
  X931SignatureOp(Hash hash, Key key, SecureRandom random) {
    this.key = key;
    this.random = random;
    this.signer = hash == null ? null : init(digest(hash), key, random);
    this.rawInput = hash == null ? new ByteArrayOutputStream() : null;
    this.modulusBytes = RsaKeys.modulusBytes((RSAKey) key);
  }

  private static X931Signer init(Digest digest, Key key, SecureRandom random) {
    // X931Signer takes bare key parameters; the blinded engine is given the DRBG directly.
    RSABlindedEngine engine = new RSABlindedEngine();
    X931Signer s = new X931Signer(engine, digest);
    boolean forSigning = key instanceof RSAPrivateKey;
    var params = RsaKeys.lowLevel((RSAKey) key);
    s.init(forSigning, params);
    if (forSigning) {
      engine.init(true, new ParametersWithRandom(params, random));
    }
    return s;
  }

  private static Digest digest(Hash h) {
    return switch (h) {
      case SHA1 -> DigestFactory.createSHA1();
      case SHA224 -> DigestFactory.createSHA224();
      case SHA256 -> DigestFactory.createSHA256();
      case SHA384 -> DigestFactory.createSHA384();
      case SHA512 -> DigestFactory.createSHA512();
      default -> throw new IllegalArgumentException("X9.31 has no identifier for " + h);
    };
  }

  @Override
  public void update(byte[] data, int offset, int length) throws HsmException {
    live();
    if (rawInput != null) {
      rawInput.write(data, offset, length);
    } else {
      signer.update(data, offset, length);
    }
  }

  @Override
  public byte[] sign() throws HsmException {
    X931Signer s = finalSigner();
    try {
      return s.generateSignature();
    } catch (CryptoException | RuntimeException e) {
      throw new HsmException(Ckr.DATA_LEN_RANGE, "X9.31 signing failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void verify(byte[] signature) throws HsmException {
    X931Signer s = finalSigner();
    if (signature.length != modulusBytes) {
      throw new HsmException(
          Ckr.SIGNATURE_LEN_RANGE,
          "signature length " + signature.length + ": must be " + modulusBytes + " bytes");
    }
    boolean ok;
    try {
      ok = s.verifySignature(signature);
    } catch (RuntimeException e) {
      ok = false;
    }
    if (!ok) {
      throw new HsmException(Ckr.SIGNATURE_INVALID, "X9.31 signature does not verify");
    }
  }

  private X931Signer finalSigner() throws HsmException {
    live();
    done = true;
    if (rawInput == null) {
      return signer;
    }
    byte[] h = rawInput.toByteArray();
    Hash inferred = byLength(h.length);
    X931Signer s = init(new PrecomputedDigest(digest(inferred)), key, random);
    s.update(h, 0, h.length);
    return s;
  }

  private static Hash byLength(int n) throws HsmException {
    for (Hash h : new Hash[] {Hash.SHA1, Hash.SHA224, Hash.SHA256, Hash.SHA384, Hash.SHA512}) {
      if (h.length() == n) {
        return h;
      }
    }
    throw new HsmException(
        Ckr.DATA_LEN_RANGE,
        "CKM_RSA_X9_31 input of " + n + " bytes: must be a SHA-1/224/256/384/512 hash");
  }

  private void live() throws HsmException {
    if (done) {
      throw new HsmException(Ckr.OPERATION_NOT_INITIALIZED, "the X9.31 operation has finished");
    }
  }

  /** Passes a precomputed hash through, named like the real digest so X9.31 picks its trailer. */
  private static final class PrecomputedDigest implements Digest {
    private final Digest named;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    PrecomputedDigest(Digest named) {
      this.named = named;
    }

    @Override
    public String getAlgorithmName() {
      return named.getAlgorithmName();
    }

    @Override
    public int getDigestSize() {
      return named.getDigestSize();
    }

    @Override
    public void update(byte in) {
      buffer.write(in);
    }

    @Override
    public void update(byte[] in, int off, int len) {
      buffer.write(in, off, len);
    }

    @Override
    public int doFinal(byte[] out, int off) {
      byte[] b = buffer.toByteArray();
      System.arraycopy(b, 0, out, off, b.length);
      buffer.reset();
      return b.length;
    }

    @Override
    public void reset() {
      buffer.reset();
    }
  }
}
