package io.selenehsm.provider.key;

import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.provider.internal.SoftwareKeys;
import java.security.ProviderException;
import java.security.PublicKey;

/**
 * The software form of a public key, decoded from its CKA_PUBLIC_KEY_INFO on first use. A pair the
 * provider just generated shares one between its two keys: most pairs are used to sign and
 * destroyed, never asked for a public value, and decoding an SPKI was a fifth of the provider's own
 * work per EC pair. Found keys decode at once (their SPKI may be foreign and should fail where the
 * key is looked up), so only the engine's own fresh encodings come here undecoded.
 *
 * <p>Concurrency: shared by the keys of a pair and read by any thread. The decoded key is published
 * through a volatile field; two threads racing decode equal keys and either may win (benign).
 */
final class PublicHalf {
  private final long keyType;
  private final byte[] spki;
  private volatile PublicKey decoded;

  private PublicHalf(long keyType, byte[] spki, PublicKey decoded) {
    this.keyType = keyType;
    this.spki = spki;
    this.decoded = decoded;
  }

  /** A key already decoded. */
  static PublicHalf of(PublicKey decoded) {
    return new PublicHalf(-1, null, decoded);
  }

  /** An SPKI (owned by the caller no more) decoded on first use. */
  static PublicHalf deferred(long keyType, byte[] spki) {
    return new PublicHalf(keyType, spki, null);
  }

  PublicKey key() {
    PublicKey k = decoded;
    if (k == null) {
      try {
        k = decoded = SoftwareKeys.publicKey(keyType, spki);
      } catch (HsmException e) {
        // The engine encoded this SPKI itself a moment ago: not decoding it is a defect.
        throw new ProviderException("the HSM's public key encoding does not decode", e);
      }
    }
    return k;
  }
}
