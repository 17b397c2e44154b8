package io.selenehsm.samples;

import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.key.SeleneKey;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HexFormat;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * Keys outlive their session: {@code makePersistent} turns a session key into a token object,
 * KeyStore {@code Selene} stores keys with certificates; both are found again by label.
 */
public final class Persistence {
  private Persistence() {}

  public static void main(String[] args) throws Exception {
    try (SampleContext ctx = SampleContext.inMemory(System.out)) {
      run(System.out, ctx);
    }
  }

  public static void run(PrintStream out, SampleContext ctx) throws Exception {
    SeleneProvider p = ctx.provider();
    p.getSlotManager().login(ctx.slot(), ctx.coPin());
    try {
      KeyGenerator kg = KeyGenerator.getInstance("AES", p);
      kg.init(256);
      SecretKey aes = kg.generateKey();
      out.println("generated: " + aes);
      SeleneKey selene = (SeleneKey) aes;
      selene.makePersistent("persisted-aes");
      out.println(
          "makePersistent(\"persisted-aes\"): "
              + aes
              + ", OUID "
              + HexFormat.of().formatHex(selene.getOUID()));
      SeleneKey found = p.getSlotManager().locateKeyByAlias("persisted-aes");
      out.println(
          "locateKeyByAlias finds handle "
              + found.getKeyHandle()
              + ", same key: "
              + found.equals(aes));
      Check.that(found.equals(aes), "the located key is the persisted one");

      KeyStore ks = KeyStore.getInstance("Selene", p);
      ks.load(
          new ByteArrayInputStream(("slot:" + ctx.slot()).getBytes(StandardCharsets.US_ASCII)),
          ctx.coPin().toCharArray());
      KeyPair ec = Signatures.pair(p, "EC", 256);
      Certificate cert =
          TlsCertificates.selfSignedServer(
              ec.getPublic(), ec.getPrivate(), "SHA256withECDSA", p, "persistence-sample");
      ks.setKeyEntry("stored-ec", ec.getPrivate(), null, new Certificate[] {cert});
      out.println("KeyStore.setKeyEntry(\"stored-ec\", key, null, chain) wrote token objects");

      KeyStore reopened = KeyStore.getInstance("Selene", p);
      reopened.load(null, null); // the partition the SlotManager is logged in to
      for (String alias : Collections.list(reopened.aliases())) {
        Key key = reopened.getKey(alias, null);
        out.printf("  %-14s %s%n", alias, key);
      }
      Check.that(
          reopened.isKeyEntry("stored-ec") && reopened.isKeyEntry("persisted-aes"),
          "both keys are entries of the reopened keystore");
      Check.that(cert.equals(reopened.getCertificate("stored-ec")), "the certificate is kept");
    } finally {
      p.getSlotManager().logout();
    }
  }
}
