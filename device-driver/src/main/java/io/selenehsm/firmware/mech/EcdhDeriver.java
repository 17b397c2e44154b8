package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import java.math.BigInteger;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.agreement.ECDHCBasicAgreement;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * CKM_ECDH1_DERIVE and CKM_ECDH1_COFACTOR_DERIVE on prime curves; CKM_ECDH1_DERIVE with an
 * X25519/X448 key delegates to {@link XdhAgreement}. The shared secret Z goes through the requested
 * X9.63 KDF (or none).
 */
final class EcdhDeriver implements Deriver {
  private final EcdhParams params;
  private final boolean cofactor;

  EcdhDeriver(EcdhParams params, boolean cofactor) {
    this.params = params;
    this.cofactor = cofactor;
  }

  @Override
  public byte[] derive(Key baseKey, int lengthBytes) throws HsmException {
    byte[] z;
    if (baseKey instanceof ECPrivateKey ec) {
      z = cofactor ? cofactorSecret(ec) : plainSecret(ec);
    } else if (KeyKinds.keyType(baseKey) == Ckk.EC_MONTGOMERY && !cofactor) {
      z = XdhAgreement.secret(baseKey, params.publicData());
    } else {
      throw new HsmException(
          Ckr.KEY_TYPE_INCONSISTENT,
          "ECDH needs an EC (or, without cofactor, X25519/X448) private key, got "
              + baseKey.getAlgorithm());
    }
    try {
      return X963Kdf.apply(params.kdf(), z, params.sharedData(), lengthBytes);
    } finally {
      Arrays.fill(z, (byte) 0);
    }
  }

  private byte[] plainSecret(ECPrivateKey key) throws HsmException {
    ECParameterSpec curve = key.getParams();
    ECPoint w = EcPoints.decode(params.publicData(), curve);
    PublicKey peer;
    try {
      peer =
          KeyFactory.getInstance("EC", Primitives.BC).generatePublic(new ECPublicKeySpec(w, curve));
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      throw new HsmException(
          Ckr.MECHANISM_PARAM_INVALID, "ECDH public point rejected: " + e.getMessage(), e);
    }
    KeyAgreement ka =
        Primitives.firstWorking(
            "KeyAgreement",
            "ECDH",
            (alg, p) -> KeyAgreement.getInstance(alg, p),
            a -> {
              a.init(key);
              a.doPhase(peer, true);
            },
            Ckr.MECHANISM_PARAM_INVALID,
            "ECDH refused the key pair");
    return fixed(ka.generateSecret(), fieldBytes(curve));
  }

  private byte[] cofactorSecret(ECPrivateKey key) throws HsmException {
    ECParameterSpec curve = key.getParams();
    ECPoint w = EcPoints.decode(params.publicData(), curve);
    try {
      var priv = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key);
      var domain = priv.getParameters();
      var q = domain.getCurve().createPoint(w.getAffineX(), w.getAffineY());
      ECDHCBasicAgreement agreement = new ECDHCBasicAgreement();
      agreement.init(priv);
      BigInteger z = agreement.calculateAgreement(new ECPublicKeyParameters(q, domain));
      return fixed(z.toByteArray(), fieldBytes(curve));
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      throw new HsmException(
          Ckr.MECHANISM_PARAM_INVALID,
          "cofactor ECDH refused the public point: " + e.getMessage(),
          e);
    }
  }

  private static int fieldBytes(ECParameterSpec curve) {
    return (curve.getCurve().getField().getFieldSize() + 7) / 8;
  }

  /** Left-pads or strips a sign byte so Z has exactly the field length (SEC 1 §3.3.1). */
  private static byte[] fixed(byte[] z, int len) {
    if (z.length == len) {
      return z;
    }
    byte[] out = new byte[len];
    int copy = Math.min(z.length, len);
    System.arraycopy(z, z.length - copy, out, len - copy, copy);
    return out;
  }
}
