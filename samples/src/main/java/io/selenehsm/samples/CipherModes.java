package io.selenehsm.samples;

import io.selenehsm.provider.SeleneProvider;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/** Encrypts and decrypts with each cipher mode the provider offers, all inside the HSM. */
public final class CipherModes {
  private static final byte[] DATA =
      "thirty-two bytes of sample text!".getBytes(StandardCharsets.US_ASCII);

  private CipherModes() {}

  public static void main(String[] args) throws Exception {
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      run(System.out, ctx);
    }
  }

  public static void run(PrintStream out, SampleContext ctx) throws Exception {
    SeleneProvider p = ctx.provider();
    p.getSlotManager().login(ctx.slot(), ctx.coPin());
    try {
      SecretKey aes = secret(p, "AES", 256);
      SecretKey des3 = secret(p, "DESede", 192);
      for (String t :
          List.of(
              "AES/ECB/NoPadding",
              "AES/ECB/PKCS5Padding",
              "AES/CBC/NoPadding",
              "AES/CBC/PKCS5Padding",
              "AES/CTR/NoPadding",
              "AES/GCM/NoPadding")) {
        roundTrip(out, p, t, aes);
      }
      for (String t :
          List.of("DESede/ECB/NoPadding", "DESede/CBC/NoPadding", "DESede/CBC/PKCS5Padding")) {
        roundTrip(out, p, t, des3);
      }
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA", p);
      kpg.initialize(2048);
      KeyPair rsa = kpg.generateKeyPair();
      for (String t :
          List.of(
              "RSA/ECB/PKCS1Padding",
              "RSA/ECB/OAEPPadding",
              "RSA/ECB/OAEPWithSHA-256AndMGF1Padding")) {
        Cipher enc = Cipher.getInstance(t, p);
        enc.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
        byte[] ct = enc.doFinal(DATA);
        Cipher dec = Cipher.getInstance(t, p);
        dec.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
        Check.that(Arrays.equals(DATA, dec.doFinal(ct)), t + " round trip");
        out.printf("%-38s %d bytes -> %d bytes -> back%n", t, DATA.length, ct.length);
      }
    } finally {
      p.getSlotManager().logout();
    }
  }

  private static SecretKey secret(Provider p, String algorithm, int bits) throws Exception {
    KeyGenerator kg = KeyGenerator.getInstance(algorithm, p);
    kg.init(bits);
    return kg.generateKey();
  }

  private static void roundTrip(PrintStream out, Provider p, String transformation, SecretKey key)
      throws Exception {
    Cipher enc = Cipher.getInstance(transformation, p);
    if (transformation.contains("GCM")) {
      // an empty IV asks the HSM to choose one
      enc.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, new byte[0]));
    } else {
      enc.init(Cipher.ENCRYPT_MODE, key);
    }
    byte[] ct = enc.doFinal(DATA);
    byte[] iv = enc.getIV();
    AlgorithmParameterSpec params =
        iv == null
            ? null
            : transformation.contains("GCM")
                ? new GCMParameterSpec(128, iv)
                : new IvParameterSpec(iv);
    Cipher dec = Cipher.getInstance(transformation, p);
    dec.init(Cipher.DECRYPT_MODE, key, params);
    Check.that(Arrays.equals(DATA, dec.doFinal(ct)), transformation + " round trip");
    out.printf(
        "%-38s %d bytes -> %d bytes -> back%s%n",
        transformation,
        DATA.length,
        ct.length,
        iv == null ? "" : " (IV " + HexFormat.of().formatHex(iv) + ")");
  }
}
