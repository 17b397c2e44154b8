package io.selenehsm.samples;

import io.selenehsm.provider.SeleneProvider;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Signs in the HSM with each signature family, and verifies each signature. */
public final class Signatures {
  private static final byte[] DATA = "a document to sign".getBytes(StandardCharsets.UTF_8);

  private Signatures() {}

  public static void main(String[] args) throws Exception {
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      run(System.out, ctx);
    }
  }

  public static void run(PrintStream out, SampleContext ctx) throws Exception {
    SeleneProvider p = ctx.provider();
    p.getSlotManager().login(ctx.slot(), ctx.coPin());
    try {
      Map<KeyPair, List<String>> plan = new LinkedHashMap<>();
      plan.put(
          pair(p, "RSA", 2048),
          List.of(
              "SHA256withRSA",
              "SHA384withRSA",
              "SHA512withRSA",
              "SHA256withRSAandMGF1",
              "SHA256withX9_31RSA"));
      plan.put(
          pair(p, "EC", 256),
          List.of("SHA256withECDSA", "SHA384withECDSA", "SHA256withECDSAinP1363Format"));
      plan.put(pair(p, "Ed25519", 0), List.of("Ed25519"));
      plan.put(pair(p, "DSA", 2048), List.of("SHA256withDSA"));
      plan.put(pair(p, "ML-DSA-65", 0), List.of("ML-DSA"));
      for (Map.Entry<KeyPair, List<String>> e : plan.entrySet()) {
        for (String algorithm : e.getValue()) {
          Signature signer = Signature.getInstance(algorithm, p);
          signer.initSign(e.getKey().getPrivate());
          signer.update(DATA);
          byte[] sig = signer.sign();
          Signature verifier = Signature.getInstance(algorithm, p);
          verifier.initVerify(e.getKey().getPublic());
          verifier.update(DATA);
          boolean valid = verifier.verify(sig);
          Check.that(valid, algorithm + " verifies");
          out.printf("%-30s signature of %4d bytes, verifies: %s%n", algorithm, sig.length, valid);
        }
      }
    } finally {
      p.getSlotManager().logout();
    }
  }

  static KeyPair pair(Provider p, String algorithm, int size) throws Exception {
    KeyPairGenerator kpg = KeyPairGenerator.getInstance(algorithm, p);
    if (algorithm.equals("EC")) {
      kpg.initialize(new ECGenParameterSpec("secp256r1"));
    } else if (size > 0) {
      kpg.initialize(size);
    }
    return kpg.generateKeyPair();
  }
}
