package io.selenehsm.firmware.mech;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;

/** Converts between the caller's signature encoding and the one the JCA provider speaks. */
interface SignatureCodec {
  byte[] toProvider(byte[] callerSignature) throws HsmException;

  byte[] fromProvider(byte[] providerSignature) throws HsmException;

  /** Signatures with a fixed length (RSA: the modulus length); anything else is out of range. */
  static SignatureCodec fixedLength(int length) {
    return new SignatureCodec() {
      @Override
      public byte[] toProvider(byte[] sig) throws HsmException {
        if (sig.length != length) {
          throw new HsmException(
              Ckr.SIGNATURE_LEN_RANGE,
              "signature length " + sig.length + ": must be " + length + " bytes");
        }
        return sig;
      }

      @Override
      public byte[] fromProvider(byte[] sig) {
        return sig;
      }
    };
  }

  /** Variable-length signatures the provider checks itself (EdDSA, ML-DSA). */
  SignatureCodec IDENTITY =
      new SignatureCodec() {
        @Override
        public byte[] toProvider(byte[] sig) {
          return sig;
        }

        @Override
        public byte[] fromProvider(byte[] sig) {
          return sig;
        }
      };

  /** DER (r, s): only the canonical encoding is passed on. */
  SignatureCodec STRICT_DER =
      new SignatureCodec() {
        @Override
        public byte[] toProvider(byte[] sig) throws HsmException {
          DerSignatures.parse(sig);
          return sig;
        }

        @Override
        public byte[] fromProvider(byte[] sig) {
          return sig;
        }
      };

  /** IEEE P1363 r||s with halves of {@code half} bytes (the group order's length). */
  static SignatureCodec p1363(int half) {
    return new SignatureCodec() {
      @Override
      public byte[] toProvider(byte[] sig) throws HsmException {
        return DerSignatures.fromP1363(sig, half);
      }

      @Override
      public byte[] fromProvider(byte[] sig) throws HsmException {
        return DerSignatures.toP1363(sig, half);
      }
    };
  }
}
