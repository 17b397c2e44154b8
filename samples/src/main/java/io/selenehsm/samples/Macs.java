package io.selenehsm.samples;

import io.selenehsm.provider.SeleneProvider;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/** HMAC and CMAC computed in the HSM, checked by computing them a second time in parts. */
public final class Macs {
  private static final byte[] DATA = "message to authenticate".getBytes(StandardCharsets.UTF_8);

  private Macs() {}

  public static void main(String[] args) throws Exception {
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      run(System.out, ctx);
    }
  }

  public static void run(PrintStream out, SampleContext ctx) throws Exception {
    SeleneProvider p = ctx.provider();
    p.getSlotManager().login(ctx.slot(), ctx.coPin());
    try {
      KeyGenerator aesGen = KeyGenerator.getInstance("AES", p);
      aesGen.init(256);
      SecretKey aes = aesGen.generateKey();
      KeyGenerator desGen = KeyGenerator.getInstance("DESede", p);
      SecretKey des3 = desGen.generateKey();
      KeyGenerator hmacGen = KeyGenerator.getInstance("GenericSecret", p);
      hmacGen.init(256);
      SecretKey hmacKey = hmacGen.generateKey();
      for (String algorithm : List.of("HmacSHA256", "HmacSHA384", "HmacSHA512")) {
        show(out, p, algorithm, hmacKey);
      }
      show(out, p, "CmacAES", aes);
      show(out, p, "CmacDES3", des3);
    } finally {
      p.getSlotManager().logout();
    }
  }

  private static void show(PrintStream out, Provider p, String algorithm, SecretKey key)
      throws Exception {
    Mac whole = Mac.getInstance(algorithm, p);
    whole.init(key);
    byte[] tag = whole.doFinal(DATA);
    Mac parts = Mac.getInstance(algorithm, p);
    parts.init(key);
    parts.update(DATA, 0, 7);
    parts.update(DATA, 7, DATA.length - 7);
    Check.that(java.util.Arrays.equals(tag, parts.doFinal()), algorithm + " in parts");
    out.printf("%-11s %s%n", algorithm, HexFormat.of().formatHex(tag));
  }
}
