package io.selenehsm.samples;

import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.key.SeleneKey;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.Provider;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Wraps a key under another key and unwraps it again, with every wrapping mechanism the provider
 * offers: AES key wrap (RFC 3394 and 5649), AES-GCM and AES-CBC-PAD, RSA PKCS#1 and OAEP. Each
 * unwrapped key must compute the same MAC as the original.
 */
public final class WrapUnwrap {
  private static final byte[] DATA = "the unwrapped key must work".getBytes(StandardCharsets.UTF_8);

  private WrapUnwrap() {}

  public static void main(String[] args) throws Exception {
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      run(System.out, ctx);
    }
  }

  public static void run(PrintStream out, SampleContext ctx) throws Exception {
    SeleneProvider p = ctx.provider();
    // wrapping needs keys that may leave the HSM, encrypted
    p.getSlotManager().setSecretKeysExtractable(true);
    p.getSlotManager().login(ctx.slot(), ctx.coPin());
    try {
      KeyGenerator kg = KeyGenerator.getInstance("AES", p);
      kg.init(256);
      SecretKey kek = kg.generateKey();
      SecretKey target = kg.generateKey();
      byte[] expected = cmac(p, target);
      for (String t :
          List.of(
              "AES/KW/NoPadding",
              "AES/KWP/NoPadding",
              "AES/GCM/NoPadding",
              "AES/CBC/PKCS5Padding")) {
        Cipher wrap = Cipher.getInstance(t, p);
        if (t.contains("GCM")) {
          wrap.init(Cipher.WRAP_MODE, kek, new GCMParameterSpec(128, new byte[0]));
        } else {
          wrap.init(Cipher.WRAP_MODE, kek);
        }
        byte[] wrapped = wrap.wrap(target);
        Cipher unwrap = Cipher.getInstance(t, p);
        unwrap.init(Cipher.UNWRAP_MODE, kek, wrap.getParameters());
        check(out, p, t, wrapped, unwrap.unwrap(wrapped, "AES", Cipher.SECRET_KEY), expected);
      }
      // in FIPS mode a wrapping key must be at least as strong as the key it wraps: RSA-3072
      // and AES-128 both give 128 bits
      KeyPair rsa = Signatures.pair(p, "RSA", 3072);
      KeyGenerator kg128 = KeyGenerator.getInstance("AES", p);
      kg128.init(128);
      SecretKey target128 = kg128.generateKey();
      byte[] expected128 = cmac(p, target128);
      for (String t :
          List.of(
              "RSA/ECB/PKCS1Padding",
              "RSA/ECB/OAEPPadding",
              "RSA/ECB/OAEPWithSHA-256AndMGF1Padding")) {
        Cipher wrap = Cipher.getInstance(t, p);
        wrap.init(Cipher.WRAP_MODE, rsa.getPublic());
        byte[] wrapped = wrap.wrap(target128);
        Cipher unwrap = Cipher.getInstance(t, p);
        unwrap.init(Cipher.UNWRAP_MODE, rsa.getPrivate());
        check(out, p, t, wrapped, unwrap.unwrap(wrapped, "AES", Cipher.SECRET_KEY), expected128);
      }
    } finally {
      p.getSlotManager().logout();
      p.getSlotManager().setSecretKeysExtractable(false);
    }
  }

  private static void check(
      PrintStream out, Provider p, String t, byte[] wrapped, Key key, byte[] expected)
      throws Exception {
    Check.that(key instanceof SeleneKey, t + " unwraps into the HSM");
    Check.that(Arrays.equals(expected, cmac(p, (SecretKey) key)), t + " gives back the key");
    out.printf(
        "%-38s wrapped into %3d bytes; unwrapped key computes the same CMAC%n", t, wrapped.length);
  }

  private static byte[] cmac(Provider p, SecretKey key) throws Exception {
    Mac mac = Mac.getInstance("CmacAES", p);
    mac.init(key);
    return mac.doFinal(DATA);
  }
}
