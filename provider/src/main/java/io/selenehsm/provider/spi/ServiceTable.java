package io.selenehsm.provider.spi;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.Hash;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.provider.internal.SeleneContext;
import java.security.KeyStoreSpi;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The static descriptor table (SunPKCS11's {@code Descriptor} list): every JCA service Selene
 * offers, with its aliases, SPI class and how to build it. {@link #register} adds them all to a
 * provider bound to one context.
 */
public final class ServiceTable {
  private ServiceTable() {}

  private static final List<Descriptor> ROWS = build();

  /**
   * Registers every service on {@code provider}, each building its SPI with {@code context}. The
   * KeyStore {@code Selene} is the provider package's own class ({@code partitionStore}, built by
   * {@code newPartitionStore}), handed in so that this package does not depend on the API package.
   */
  public static void register(
      Provider provider,
      SeleneContext context,
      Consumer<Provider.Service> put,
      Class<? extends KeyStoreSpi> partitionStore,
      Function<SeleneContext, ? extends KeyStoreSpi> newPartitionStore) {
    Descriptor partition =
        new Descriptor(
            "KeyStore",
            "Selene",
            List.of(),
            partitionStore,
            newPartitionStore::apply,
            false,
            Map.of());
    for (Descriptor d : ROWS) {
      if (d.type().equals("KeyStore") && d.algorithm().equals("SKS")) {
        put.accept(new SeleneService(provider, context, partition)); // the table's former order
      }
      put.accept(new SeleneService(provider, context, d));
    }
  }

  private static List<Descriptor> build() {
    Table t = new Table();
    keyPairGenerators(t);
    keyGenerators(t);
    signatures(t);
    ciphers(t);
    macs(t);
    others(t);
    KemServices.add(t); // javax.crypto.KEM on Java 21+ (multi-release jar)
    t.add(
        "KeyStore",
        "SKS",
        List.of(),
        io.selenehsm.provider.sks.SksKeyStore.class,
        false,
        io.selenehsm.provider.sks.SksKeyStore::new);
    return List.copyOf(t.rows);
  }

  private static void keyPairGenerators(Table t) {
    String kpg = "KeyPairGenerator";
    t.add(
        kpg,
        "RSA",
        List.of("1.2.840.113549.1.1.1"),
        SeleneKeyPairGenerator.class,
        false,
        c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.RSA, null));
    t.add(
        kpg,
        "EC",
        List.of("ECDSA", "1.2.840.10045.2.1"),
        SeleneKeyPairGenerator.class,
        false,
        c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.EC, null));
    t.add(
        kpg,
        "EdDSA",
        List.of(),
        SeleneKeyPairGenerator.class,
        false,
        c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.EDDSA, null));
    for (String n : List.of("Ed25519", "Ed448")) {
      t.add(
          kpg,
          n,
          List.of(n.equals("Ed25519") ? "1.3.101.112" : "1.3.101.113"),
          SeleneKeyPairGenerator.class,
          false,
          c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.EDDSA, n));
    }
    t.add(
        kpg,
        "XDH",
        List.of(),
        SeleneKeyPairGenerator.class,
        false,
        c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.XDH, null));
    for (String n : List.of("X25519", "X448")) {
      t.add(
          kpg,
          n,
          List.of(n.equals("X25519") ? "1.3.101.110" : "1.3.101.111"),
          SeleneKeyPairGenerator.class,
          false,
          c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.XDH, n));
    }
    t.add(
        kpg,
        "DSA",
        List.of(),
        SeleneKeyPairGenerator.class,
        false,
        c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.DSA, null));
    t.add(
        kpg,
        "ML-DSA",
        List.of(),
        SeleneKeyPairGenerator.class,
        false,
        c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.ML_DSA, null));
    for (String n : List.of("ML-DSA-44", "ML-DSA-65", "ML-DSA-87")) {
      t.add(
          kpg,
          n,
          List.of(),
          SeleneKeyPairGenerator.class,
          false,
          c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.ML_DSA, n));
    }
    t.add(
        kpg,
        "ML-KEM",
        List.of(),
        SeleneKeyPairGenerator.class,
        false,
        c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.ML_KEM, null));
    for (String n : List.of("ML-KEM-512", "ML-KEM-768", "ML-KEM-1024")) {
      t.add(
          kpg,
          n,
          List.of(),
          SeleneKeyPairGenerator.class,
          false,
          c -> new SeleneKeyPairGenerator(c, SeleneKeyPairGenerator.Family.ML_KEM, n));
    }
  }

  private static void keyGenerators(Table t) {
    String kg = "KeyGenerator";
    t.add(
        kg,
        "AES",
        List.of(),
        SeleneKeyGenerator.class,
        false,
        c -> new SeleneKeyGenerator(c, "AES", Ckm.AES_KEY_GEN, Ckk.AES, 32, 16, 32));
    t.add(
        kg,
        "DESede",
        List.of("DES3", "TripleDES"),
        SeleneKeyGenerator.class,
        false,
        c -> new SeleneKeyGenerator(c, "DESede", Ckm.DES3_KEY_GEN, Ckk.DES3, 24, 24, 24));
    t.add(
        kg,
        "GenericSecret",
        List.of(),
        SeleneKeyGenerator.class,
        false,
        c ->
            new SeleneKeyGenerator(
                c, "GenericSecret", Ckm.GENERIC_SECRET_KEY_GEN, Ckk.GENERIC_SECRET, 32, 1, 512));
    for (Hash h : Hash.values()) {
      String name = "Hmac" + h.signatureToken();
      t.add(
          kg,
          name,
          List.of(),
          SeleneKeyGenerator.class,
          false,
          c ->
              new SeleneKeyGenerator(
                  c, name, Ckm.GENERIC_SECRET_KEY_GEN, Ckk.GENERIC_SECRET, h.length(), 1, 512));
    }
  }

  private static void signatures(Table t) {
    t.sig("NONEwithRSA", List.of("RSA"), SignatureScheme.fixed(Ckm.RSA_PKCS));
    rsaPkcs1(t, Hash.SHA1, Ckm.SHA1_RSA_PKCS, "1.2.840.113549.1.1.5");
    rsaPkcs1(t, Hash.SHA224, Ckm.SHA224_RSA_PKCS, "1.2.840.113549.1.1.14");
    rsaPkcs1(t, Hash.SHA256, Ckm.SHA256_RSA_PKCS, "1.2.840.113549.1.1.11");
    rsaPkcs1(t, Hash.SHA384, Ckm.SHA384_RSA_PKCS, "1.2.840.113549.1.1.12");
    rsaPkcs1(t, Hash.SHA512, Ckm.SHA512_RSA_PKCS, "1.2.840.113549.1.1.13");
    rsaPkcs1(t, Hash.SHA3_224, Ckm.SHA3_224_RSA_PKCS, "2.16.840.1.101.3.4.3.13");
    rsaPkcs1(t, Hash.SHA3_256, Ckm.SHA3_256_RSA_PKCS, "2.16.840.1.101.3.4.3.14");
    rsaPkcs1(t, Hash.SHA3_384, Ckm.SHA3_384_RSA_PKCS, "2.16.840.1.101.3.4.3.15");
    rsaPkcs1(t, Hash.SHA3_512, Ckm.SHA3_512_RSA_PKCS, "2.16.840.1.101.3.4.3.16");
    t.sig("RSASSA-PSS", List.of("PSS", "1.2.840.113549.1.1.10"), SignatureScheme.pss());
    for (Hash h : Hash.values()) {
      t.sig(
          h.signatureToken() + "withRSAandMGF1",
          List.of(h.signatureToken() + "withRSA/PSS"),
          SignatureScheme.pssDefaults(h));
    }
    t.sig("NONEwithX9_31RSA", List.of(), SignatureScheme.x931Raw());
    t.sig("SHA1withX9_31RSA", List.of(), SignatureScheme.fixed(Ckm.SHA1_RSA_X9_31));
    t.sig("SHA224withX9_31RSA", List.of(), SignatureScheme.fixed(Ckm.SHA224_RSA_X9_31));
    t.sig("SHA256withX9_31RSA", List.of(), SignatureScheme.fixed(Ckm.SHA256_RSA_X9_31));
    t.sig("SHA384withX9_31RSA", List.of(), SignatureScheme.fixed(Ckm.SHA384_RSA_X9_31));
    t.sig("SHA512withX9_31RSA", List.of(), SignatureScheme.fixed(Ckm.SHA512_RSA_X9_31));
    t.sig("NONEwithECDSA", List.of("ECDSA"), SignatureScheme.der(Ckm.ECDSA));
    t.sig("NONEwithECDSAinP1363Format", List.of(), SignatureScheme.fixed(Ckm.ECDSA));
    ecdsa(t, Hash.SHA1, Ckm.ECDSA_SHA1, "1.2.840.10045.4.1");
    ecdsa(t, Hash.SHA224, Ckm.ECDSA_SHA224, "1.2.840.10045.4.3.1");
    ecdsa(t, Hash.SHA256, Ckm.ECDSA_SHA256, "1.2.840.10045.4.3.2");
    ecdsa(t, Hash.SHA384, Ckm.ECDSA_SHA384, "1.2.840.10045.4.3.3");
    ecdsa(t, Hash.SHA512, Ckm.ECDSA_SHA512, "1.2.840.10045.4.3.4");
    ecdsa(t, Hash.SHA3_224, Ckm.ECDSA_SHA3_224, "2.16.840.1.101.3.4.3.9");
    ecdsa(t, Hash.SHA3_256, Ckm.ECDSA_SHA3_256, "2.16.840.1.101.3.4.3.10");
    ecdsa(t, Hash.SHA3_384, Ckm.ECDSA_SHA3_384, "2.16.840.1.101.3.4.3.11");
    ecdsa(t, Hash.SHA3_512, Ckm.ECDSA_SHA3_512, "2.16.840.1.101.3.4.3.12");
    t.sig("EdDSA", List.of(), SignatureScheme.fixed(Ckm.EDDSA));
    t.sig("Ed25519", List.of("1.3.101.112"), SignatureScheme.fixed(Ckm.EDDSA));
    t.sig("Ed448", List.of("1.3.101.113"), SignatureScheme.fixed(Ckm.EDDSA));
    t.sig("NONEwithDSA", List.of("RawDSA"), SignatureScheme.der(Ckm.DSA));
    t.sig("SHA1withDSA", List.of("DSA", "1.2.840.10040.4.3"), SignatureScheme.der(Ckm.DSA_SHA1));
    t.sig("SHA224withDSA", List.of("2.16.840.1.101.3.4.3.1"), SignatureScheme.der(Ckm.DSA_SHA224));
    t.sig("SHA256withDSA", List.of("2.16.840.1.101.3.4.3.2"), SignatureScheme.der(Ckm.DSA_SHA256));
    t.sig("SHA384withDSA", List.of("2.16.840.1.101.3.4.3.3"), SignatureScheme.der(Ckm.DSA_SHA384));
    t.sig("SHA512withDSA", List.of("2.16.840.1.101.3.4.3.4"), SignatureScheme.der(Ckm.DSA_SHA512));
    t.sig("ML-DSA", List.of(), SignatureScheme.fixed(Ckm.ML_DSA));
    t.sig("ML-DSA-44", List.of("2.16.840.1.101.3.4.3.17"), SignatureScheme.fixed(Ckm.ML_DSA));
    t.sig("ML-DSA-65", List.of("2.16.840.1.101.3.4.3.18"), SignatureScheme.fixed(Ckm.ML_DSA));
    t.sig("ML-DSA-87", List.of("2.16.840.1.101.3.4.3.19"), SignatureScheme.fixed(Ckm.ML_DSA));
  }

  private static void ciphers(Table t) {
    symmetric(t, "AES", false);
    symmetric(t, "DESede", true);
    t.cipher("AES/CTR/NoPadding", List.of(), SeleneCipher.Mode.CTR, false);
    t.cipher(
        "AES/GCM/NoPadding",
        List.of("AES_128/GCM/NoPadding", "AES_256/GCM/NoPadding"),
        SeleneCipher.Mode.GCM,
        false);
    t.cipher("AES/KW/NoPadding", List.of("AESWrap"), SeleneCipher.Mode.KW, false);
    t.cipher("AES/KWP/NoPadding", List.of("AESWrapPad"), SeleneCipher.Mode.KWP, false);
    t.rsa(
        "RSA/ECB/PKCS1Padding",
        List.of("RSA", "RSA/None/PKCS1Padding"),
        SeleneRsaCipher.Padding.PKCS1,
        null);
    t.rsa("RSA/ECB/NoPadding", List.of("RSA/None/NoPadding"), SeleneRsaCipher.Padding.NONE, null);
    t.rsa(
        "RSA/ECB/OAEPPadding", List.of("RSA/None/OAEPPadding"), SeleneRsaCipher.Padding.OAEP, null);
    for (Hash h : Hash.values()) {
      String token = h.jcaName();
      String compact = h.signatureToken().replace("-", "");
      List<String> aliases =
          new ArrayList<>(List.of("RSA/None/OAEPWith" + token + "AndMGF1Padding"));
      if (!compact.equals(token)) {
        aliases.add("RSA/ECB/OAEPWith" + compact + "AndMGF1Padding");
        aliases.add("RSA/None/OAEPWith" + compact + "AndMGF1Padding");
      }
      t.rsa(
          "RSA/ECB/OAEPWith" + token + "AndMGF1Padding", aliases, SeleneRsaCipher.Padding.OAEP, h);
    }
  }

  private static void symmetric(Table t, String alg, boolean des) {
    List<String> ecbAliases =
        des ? List.of("DESede", "DES3", "TripleDES", "DES3/ECB/PKCS5Padding") : List.of("AES");
    t.cipher(
        alg + "/ECB/NoPadding",
        des ? List.of("DES3/ECB/NoPadding") : List.of(),
        SeleneCipher.Mode.ECB,
        des);
    t.cipher(alg + "/ECB/PKCS5Padding", ecbAliases, SeleneCipher.Mode.ECB_PKCS5, des);
    t.cipher(
        alg + "/CBC/NoPadding",
        des ? List.of("DES3/CBC/NoPadding") : List.of(),
        SeleneCipher.Mode.CBC,
        des);
    t.cipher(
        alg + "/CBC/PKCS5Padding",
        des ? List.of("DES3/CBC/PKCS5Padding") : List.of(),
        SeleneCipher.Mode.CBC_PAD,
        des);
  }

  private static void macs(Table t) {
    hmac(t, Hash.SHA1, Ckm.SHA_1_HMAC);
    hmac(t, Hash.SHA224, Ckm.SHA224_HMAC);
    hmac(t, Hash.SHA256, Ckm.SHA256_HMAC);
    hmac(t, Hash.SHA384, Ckm.SHA384_HMAC);
    hmac(t, Hash.SHA512, Ckm.SHA512_HMAC);
    hmac(t, Hash.SHA3_224, Ckm.SHA3_224_HMAC);
    hmac(t, Hash.SHA3_256, Ckm.SHA3_256_HMAC);
    hmac(t, Hash.SHA3_384, Ckm.SHA3_384_HMAC);
    hmac(t, Hash.SHA3_512, Ckm.SHA3_512_HMAC);
    t.add(
        "Mac",
        "AESCMAC",
        List.of("CmacAES", "AES-CMAC"),
        SeleneMac.class,
        true,
        c -> new SeleneMac(c, Ckm.AES_CMAC, 16, false));
    t.add(
        "Mac",
        "DESedeCMAC",
        List.of("CmacDES3", "DESEDECMAC"),
        SeleneMac.class,
        true,
        c -> new SeleneMac(c, Ckm.DES3_CMAC, 8, false));
    t.add(
        "Mac",
        "AES-GMAC",
        List.of("AESGMAC", "GmacAES"),
        SeleneMac.class,
        true,
        c -> new SeleneMac(c, Ckm.AES_GMAC, 16, true));
  }

  private static void hmac(Table t, Hash h, long mech) {
    String name = "Hmac" + h.signatureToken();
    List<String> aliases =
        h.jcaName().startsWith("SHA3")
            ? List.of()
            : List.of("Hmac" + h.jcaName(), "HMAC-" + h.jcaName());
    t.add(
        "Mac",
        name,
        aliases,
        SeleneMac.class,
        true,
        c -> new SeleneMac(c, mech, h.length(), false));
  }

  private static void others(Table t) {
    t.add(
        "KeyAgreement",
        "ECDH",
        List.of(),
        SeleneKeyAgreement.class,
        true,
        c -> new SeleneKeyAgreement(c, Ckk.EC));
    t.add(
        "KeyAgreement",
        "XDH",
        List.of(),
        SeleneKeyAgreement.class,
        true,
        c -> new SeleneKeyAgreement(c, Ckk.EC_MONTGOMERY));
    t.add(
        "KeyAgreement",
        "X25519",
        List.of("1.3.101.110"),
        SeleneKeyAgreement.class,
        true,
        c -> new SeleneKeyAgreement(c, Ckk.EC_MONTGOMERY));
    t.add(
        "KeyAgreement",
        "X448",
        List.of("1.3.101.111"),
        SeleneKeyAgreement.class,
        true,
        c -> new SeleneKeyAgreement(c, Ckk.EC_MONTGOMERY));
    for (Hash h : Hash.values()) {
      List<String> aliases =
          h.jcaName().startsWith("SHA3") ? List.of() : List.of(h.jcaName().replace("-", ""));
      t.add(
          "MessageDigest",
          h.jcaName(),
          aliases,
          SeleneDigest.class,
          false,
          c -> new SeleneDigest(c, h));
    }
    t.add(
        "SecureRandom",
        "SeleneRNG",
        List.of(),
        SeleneRandom.class,
        false,
        SeleneRandom::new,
        Map.of("ThreadSafe", "true"));
    keyFactory(t, "RSA", List.of("RSASSA-PSS"), Ckk.RSA);
    keyFactory(t, "EC", List.of("ECDSA", "ECDH"), Ckk.EC);
    keyFactory(t, "EdDSA", List.of("Ed25519", "Ed448"), Ckk.EC_EDWARDS);
    keyFactory(t, "XDH", List.of("X25519", "X448"), Ckk.EC_MONTGOMERY);
    keyFactory(t, "DSA", List.of(), Ckk.DSA);
    keyFactory(t, "ML-DSA", List.of("ML-DSA-44", "ML-DSA-65", "ML-DSA-87"), Ckk.ML_DSA);
    keyFactory(t, "ML-KEM", List.of("ML-KEM-512", "ML-KEM-768", "ML-KEM-1024"), Ckk.ML_KEM);
    t.add(
        "SecretKeyFactory",
        "AES",
        List.of(),
        SeleneSecretKeyFactory.class,
        false,
        c -> new SeleneSecretKeyFactory(c, "AES"));
    t.add(
        "SecretKeyFactory",
        "DESede",
        List.of("DES3", "TripleDES"),
        SeleneSecretKeyFactory.class,
        false,
        c -> new SeleneSecretKeyFactory(c, "DESede"));
    t.add(
        "SecretKeyFactory",
        "GenericSecret",
        List.of(),
        SeleneSecretKeyFactory.class,
        false,
        c -> new SeleneSecretKeyFactory(c, "GenericSecret"));
    for (Hash h : Hash.values()) {
      String name = "Hmac" + h.signatureToken();
      t.add(
          "SecretKeyFactory",
          name,
          List.of(),
          SeleneSecretKeyFactory.class,
          false,
          c -> new SeleneSecretKeyFactory(c, name));
    }
    params(t, "GCM", List.of(), "SunJCE");
    params(t, "OAEP", List.of(), "SunJCE");
    params(t, "AES", List.of(), "SunJCE");
    params(t, "DESede", List.of("DES3", "TripleDES"), "SunJCE");
    params(t, "RSASSA-PSS", List.of("PSS"), "SunRsaSign");
    params(t, "EC", List.of(), "SunEC");
  }

  private static void keyFactory(Table t, String name, List<String> aliases, long keyType) {
    t.add(
        "KeyFactory",
        name,
        aliases,
        SeleneKeyFactory.class,
        false,
        c -> new SeleneKeyFactory(c, keyType));
  }

  private static void params(Table t, String name, List<String> aliases, String jdk) {
    t.add(
        "AlgorithmParameters",
        name,
        aliases,
        DelegatingParameters.class,
        false,
        c -> new DelegatingParameters(name, jdk));
  }

  private static void rsaPkcs1(Table t, Hash h, long mech, String oid) {
    t.sig(h.signatureToken() + "withRSA", List.of(oid), SignatureScheme.fixed(mech));
  }

  private static void ecdsa(Table t, Hash h, long mech, String oid) {
    t.sig(h.signatureToken() + "withECDSA", List.of(oid), SignatureScheme.der(mech));
    t.sig(h.signatureToken() + "withECDSAinP1363Format", List.of(), SignatureScheme.fixed(mech));
  }

  /** Collects rows. */
  static final class Table {
    final List<Descriptor> rows = new ArrayList<>();

    void add(
        String type,
        String algorithm,
        List<String> aliases,
        Class<?> spi,
        boolean takesKeys,
        SpiFactory factory) {
      add(type, algorithm, aliases, spi, takesKeys, factory, Map.of());
    }

    void add(
        String type,
        String algorithm,
        List<String> aliases,
        Class<?> spi,
        boolean takesKeys,
        SpiFactory factory,
        Map<String, String> attributes) {
      rows.add(new Descriptor(type, algorithm, aliases, spi, factory, takesKeys, attributes));
    }

    void cipher(String algorithm, List<String> aliases, SeleneCipher.Mode mode, boolean des) {
      add(
          "Cipher",
          algorithm,
          aliases,
          SeleneCipher.class,
          true,
          c -> new SeleneCipher(c, mode, des));
    }

    void rsa(String algorithm, List<String> aliases, SeleneRsaCipher.Padding padding, Hash h) {
      add(
          "Cipher",
          algorithm,
          aliases,
          SeleneRsaCipher.class,
          true,
          c -> new SeleneRsaCipher(c, padding, h));
    }

    void sig(String algorithm, List<String> aliases, SignatureScheme scheme) {
      add(
          "Signature",
          algorithm,
          aliases,
          SeleneSignature.class,
          true,
          c -> new SeleneSignature(c, scheme));
    }
  }
}
