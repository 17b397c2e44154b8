package io.selenehsm.firmware.mech;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Measures each primitive on ACCP, the JDK and Bouncy Castle, single thread, to fill in the
 * decision table in {@link Primitives}. Not JMH: a warm-up and a fixed-time loop are enough to rank
 * providers that differ by tens of percent. Run once per machine class:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:&lt;deps&gt; \
 *     io.selenehsm.firmware.mech.PrimitiveSelectionProbe
 * </pre>
 */
public final class PrimitiveSelectionProbe {
  private PrimitiveSelectionProbe() {}

  private static final long WARMUP_MS = 400;
  private static final long MEASURE_MS = 1000;

  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  @FunctionalInterface
  interface OpFactory {
    Op create(Provider p) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    List<Provider> providers = new ArrayList<>();
    Primitives.provider(Primitives.Source.ACCP).ifPresent(providers::add);
    providers.add(null); // JDK default providers
    providers.add(Primitives.BC);
    KeyPair rsa = gen("RSA", 2048);
    KeyPair ec = genEc();
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] kib = new byte[1024];
    byte[] kib16 = new byte[16384];
    SecretKeySpec aes = new SecretKeySpec(new byte[32], "AES");
    SecretKeySpec hk = new SecretKeySpec(new byte[32], "HmacSHA256");

    row("RSA-2048 SHA256withRSA sign", providers, p -> signer(p, "SHA256withRSA", rsa, null));
    row("RSA-2048 SHA256withRSA verify", providers, p -> verifier(p, "SHA256withRSA", rsa, null));
    PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    row("RSA-2048 PSS sign", providers, p -> signer(p, "RSASSA-PSS", rsa, pss));
    row("ECDSA P-256 sign", providers, p -> signer(p, "SHA256withECDSA", ec, null));
    row("ECDSA P-256 verify", providers, p -> verifier(p, "SHA256withECDSA", ec, null));
    row("Ed25519 sign", providers, p -> signer(p, "Ed25519", ed, null));
    row(
        "HMAC-SHA256 1 KiB",
        providers,
        p -> {
          Mac m = p == null ? Mac.getInstance("HmacSHA256") : Mac.getInstance("HmacSHA256", p);
          m.init(hk);
          return () -> m.doFinal(kib);
        });
    row(
        "SHA-256 1 KiB",
        providers,
        p -> {
          MessageDigest md =
              p == null
                  ? MessageDigest.getInstance("SHA-256")
                  : MessageDigest.getInstance("SHA-256", p);
          return () -> md.digest(kib);
        });
    for (byte[] data : List.of(kib, kib16)) {
      row(
          "AES-256-GCM " + data.length / 1024 + " KiB",
          providers,
          p -> {
            Cipher c =
                p == null
                    ? Cipher.getInstance("AES/GCM/NoPadding")
                    : Cipher.getInstance("AES/GCM/NoPadding", p);
            byte[] iv = new byte[12];
            long[] n = {0};
            return () -> {
              iv[0] = (byte) n[0];
              iv[1] = (byte) (n[0]++ >> 8);
              iv[2] = (byte) (n[0] >> 16);
              c.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv));
              c.doFinal(data);
            };
          });
    }
    row(
        "ECDH P-256",
        providers,
        p -> {
          KeyAgreement ka =
              p == null ? KeyAgreement.getInstance("ECDH") : KeyAgreement.getInstance("ECDH", p);
          return () -> {
            ka.init(ec.getPrivate());
            ka.doPhase(ec.getPublic(), true);
            ka.generateSecret();
          };
        });
  }

  private static Op signer(Provider p, String alg, KeyPair kp, PSSParameterSpec spec)
      throws Exception {
    Signature s = p == null ? Signature.getInstance(alg) : Signature.getInstance(alg, p);
    if (spec != null) {
      s.setParameter(spec);
    }
    s.initSign(kp.getPrivate());
    byte[] msg = new byte[32];
    return () -> {
      s.update(msg);
      s.sign();
    };
  }

  private static Op verifier(Provider p, String alg, KeyPair kp, PSSParameterSpec spec)
      throws Exception {
    Signature signer = Signature.getInstance(alg);
    signer.initSign(kp.getPrivate());
    byte[] msg = new byte[32];
    signer.update(msg);
    byte[] sig = signer.sign();
    Signature s = p == null ? Signature.getInstance(alg) : Signature.getInstance(alg, p);
    s.initVerify(kp.getPublic());
    return () -> {
      s.update(msg);
      if (!s.verify(sig)) {
        throw new IllegalStateException("verification failed");
      }
    };
  }

  private static void row(String name, List<Provider> providers, OpFactory f) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-32s", name));
    for (Provider p : providers) {
      String label = p == null ? "JDK" : p.getName().startsWith("Amazon") ? "ACCP" : "BC";
      try {
        Op op = f.create(p);
        sb.append(String.format(Locale.ROOT, " %s=%,.0f/s", label, measure(op)));
      } catch (Exception e) {
        sb.append(" ").append(label).append("=n/a");
      }
    }
    System.out.println(sb);
  }

  private static double measure(Op op) throws Exception {
    long end = System.nanoTime() + WARMUP_MS * 1_000_000;
    while (System.nanoTime() < end) {
      op.run();
    }
    long start = System.nanoTime();
    end = start + MEASURE_MS * 1_000_000;
    long n = 0;
    long now;
    do {
      op.run();
      n++;
      now = System.nanoTime();
    } while (now < end);
    return n * 1e9 / (now - start);
  }

  private static KeyPair gen(String alg, int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    g.initialize(bits);
    return g.generateKeyPair();
  }

  private static KeyPair genEc() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
