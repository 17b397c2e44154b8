package io.selenehsm.bench;

import java.util.Arrays;

/**
 * The operations measured (issue 3, "Speed"). A benchmark method is named after its row, so the JMH
 * result names the row and the report can label it.
 */
enum Row {
  RSA_PKCS1_SIGN("rsa2048Pkcs1Sha256Sign", "RSA-2048 PKCS#1 v1.5 SHA-256 sign", 0),
  RSA_PKCS1_VERIFY("rsa2048Pkcs1Sha256Verify", "RSA-2048 PKCS#1 v1.5 SHA-256 verify", 0),
  RSA_PSS_SIGN("rsa2048PssSha256Sign", "RSA-2048 PSS SHA-256 sign", 0),
  ECDSA_SIGN("ecdsaP256Sha256Sign", "ECDSA P-256 SHA-256 sign", 0),
  ECDSA_VERIFY("ecdsaP256Sha256Verify", "ECDSA P-256 SHA-256 verify", 0),
  ED25519_SIGN("ed25519Sign", "Ed25519 sign", 0),
  AES_GCM_1K("aes256Gcm1KiB", "AES-256-GCM encrypt 1 KiB", 1024),
  AES_GCM_16K("aes256Gcm16KiB", "AES-256-GCM encrypt 16 KiB", 16 * 1024),
  HMAC_1K("hmacSha256_1KiB", "HMAC-SHA256 1 KiB", 1024),
  ML_DSA_SIGN("mlDsa65Sign", "ML-DSA-65 sign", 0),
  ML_KEM_ENCAPSULATE("mlKem768Encapsulate", "ML-KEM-768 encapsulate", 0),
  ML_KEM_DECAPSULATE("mlKem768Decapsulate", "ML-KEM-768 decapsulate", 0),
  RSA_KEYGEN("rsa2048KeyGen", "RSA-2048 key pair generation", 0),
  EC_KEYGEN("ecP256KeyGen", "EC P-256 key pair generation", 0),
  EC_TOKEN_KEYGEN("ecP256TokenKeyGen", "EC P-256 durable token key pair (fsync)", 0);

  /** Bytes signed by the signature rows: a small message, as in a TLS handshake or a JWT. */
  static final int SIGNED_MESSAGE_BYTES = 256;

  final String method;
  final String title;
  final int payloadBytes;

  Row(String method, String title, int payloadBytes) {
    this.method = method;
    this.title = title;
    this.payloadBytes = payloadBytes;
  }

  /**
   * The row of a JMH benchmark name such as {@code io.selenehsm.bench.CryptoBenchmark.ed25519Sign}.
   */
  static Row ofBenchmark(String benchmark) {
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    return Arrays.stream(values())
        .filter(r -> r.method.equals(method))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row for benchmark " + benchmark));
  }

  /** Key pair generation rows: each operation makes two key objects. */
  boolean isKeyGeneration() {
    return this == RSA_KEYGEN || this == EC_KEYGEN || this == EC_TOKEN_KEYGEN;
  }

  boolean isKem() {
    return this == ML_KEM_ENCAPSULATE || this == ML_KEM_DECAPSULATE;
  }

  boolean isVerify() {
    return this == RSA_PKCS1_VERIFY || this == ECDSA_VERIFY;
  }

  /** The message or plaintext an operation of this row consumes. */
  byte[] input() {
    byte[] data = new byte[payloadBytes > 0 ? payloadBytes : SIGNED_MESSAGE_BYTES];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return data;
  }
}
