package io.selenehsm.samples;

import io.selenehsm.cm.DeviceDirectory;
import io.selenehsm.device.DeviceManager;
import io.selenehsm.device.SlotInfo;
import io.selenehsm.device.config.ConfigLocation;
import io.selenehsm.provider.SeleneCertificateX509;
import io.selenehsm.provider.SeleneProvider;
import io.selenehsm.provider.SlotManager;
import io.selenehsm.provider.key.SeleneKey;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The tour {@code ./demo} runs: a new emulated HSM from Secure Transport Mode to a working
 * partition, then keys made, used, persisted and found again through the Selene provider.
 *
 * <p>It keeps its state under SELENE_HOME when that is set, else in a new temporary directory, so a
 * run never touches your own devices by accident, and reads the configuration by the rule every
 * Selene program follows ({@link ConfigLocation}: SELENE_CONF, else {@code
 * $SELENE_HOME/selene.conf}, else the built-in single USB HSM 7). It prints which configuration and
 * devices it uses, and ends with the commands that continue in the same SELENE_HOME. Run twice with
 * the same SELENE_HOME and the second run finds the partition and the persisted keys of the first.
 */
public final class Demo {
  private static final byte[] MESSAGE =
      "Selene demo: this text is signed and encrypted inside the HSM"
          .getBytes(StandardCharsets.UTF_8);

  private static final Provider SUN_RSA = Security.getProvider("SunRsaSign");

  private Demo() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    String named = env.get(ConfigLocation.HOME_ENV_VAR);
    if (named == null || named.isBlank()) {
      env.put(ConfigLocation.HOME_ENV_VAR, Files.createTempDirectory("selene-demo-").toString());
    }
    run(
        System.out,
        ConfigLocation.resolve(
            env, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home"))));
  }

  /**
   * Runs every step with device state under {@code home} and the configuration found there ({@code
   * home/selene.conf}, else the defaults); SELENE_CONF is not consulted.
   */
  public static void run(PrintStream out, Path home) throws Exception {
    run(
        out,
        ConfigLocation.resolve(Map.of(ConfigLocation.HOME_ENV_VAR, home.toString()), home, home));
  }

  /** Runs every step on the devices {@code location} names. */
  public static void run(PrintStream out, ConfigLocation location) throws Exception {
    Path home = location.seleneHome();
    out.println("== Selene demo; device state in " + home);
    PartitionSetup.Partition partition;
    try (DeviceManager devices = DeviceManager.open(location.load(), home)) {
      DeviceDirectory.banner(location, devices).forEach(out::println);
      out.println("\n== 1. The administrator prepares the HSM");
      partition = PartitionSetup.run(devices, out);

      out.println("\n== 2. Slots the driver presents");
      for (SlotInfo s : devices.slots().list()) {
        out.printf(
            "  slot %d: %-11s %-18s serial %s, %s%n",
            s.slotId(),
            s.kind(),
            s.label() == null ? "-" : s.label(),
            s.tokenSerial() == null ? "-" : s.tokenSerial(),
            s.status());
      }

      SeleneProvider provider = SeleneProvider.over(devices);
      Security.addProvider(provider);
      out.println(
          "\nInstalled provider "
              + provider.getName()
              + " "
              + provider.getVersionStr()
              + " ("
              + provider.getServices().size()
              + " services) after the JDK's own");
      try {
        tour(out, provider, partition, home);
      } finally {
        Security.removeProvider(provider.getName());
        provider.close();
      }
    }
    out.println("\n== 9. Device kinds: a USB HSM 7, a PCIe HSM 7 and a Backup HSM 7 side by side");
    DeviceKinds.run(out, home.resolve("device-kinds"));
    out.println("\n== Done");
    TryNext.print(out, location, partition);
  }

  private static void tour(
      PrintStream out, SeleneProvider provider, PartitionSetup.Partition partition, Path home)
      throws Exception {
    out.println("\n== 3. The application logs in through the provider");
    SlotManager slots = provider.getSlotManager();
    slots.login(partition.label(), PartitionSetup.CO_PIN);
    out.println(
        "Logged in to \""
            + partition.label()
            + "\" (slot "
            + slots.findSlotFromLabel(partition.label())
            + ") as Crypto Officer: "
            + slots.isLoggedIn());
    KeyStore keyStore = keyStore(provider, partition);
    if (keyStore.containsAlias("demo-rsa")) {
      out.println("\n== The partition already holds the demo's keys (an earlier run)");
      reload(out, provider, partition, null, null);
      scalableKeyStorage(out, provider, partition, home);
      slots.logout();
      return;
    }

    out.println("\n== 4. Keys generated inside the HSM (session objects for now)");
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA", provider);
    rsaGen.initialize(2048);
    KeyPair rsa = rsaGen.generateKeyPair();
    out.println("  " + rsa.getPrivate());
    KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC", provider);
    ecGen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ec = ecGen.generateKeyPair();
    out.println("  " + ec.getPrivate());
    KeyGenerator aesGen = KeyGenerator.getInstance("AES", provider);
    aesGen.init(256);
    SecretKey aes = aesGen.generateKey();
    out.println("  " + aes);
    out.println(
        "  private and secret keys have no encoding outside the HSM: getEncoded() = "
            + Arrays.toString(rsa.getPrivate().getEncoded()));

    out.println("\n== 5. Keys used");
    byte[] rsaSignature = sign("SHA256withRSA", rsa.getPrivate(), provider);
    out.println(
        "  SHA256withRSA signature ("
            + rsaSignature.length
            + " bytes) made in the HSM;"
            + " the JDK's own RSA verifies it: "
            + verify("SHA256withRSA", rsa.getPublic(), rsaSignature, SUN_RSA));
    byte[] ecSignature = sign("SHA256withECDSA", ec.getPrivate(), provider);
    out.println(
        "  SHA256withECDSA signature made in the HSM; Selene verifies it: "
            + verify("SHA256withECDSA", ec.getPublic(), ecSignature, provider));
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", provider);
    gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, new byte[0]));
    byte[] iv = gcm.getIV();
    byte[] sealed = gcm.doFinal(MESSAGE);
    out.println(
        "  AES-256-GCM: the HSM chose IV "
            + HexFormat.of().formatHex(iv)
            + " and sealed "
            + MESSAGE.length
            + " bytes into "
            + sealed.length);
    out.println(
        "  AES-256-GCM decrypts to: \""
            + new String(decrypt(aes, iv, sealed, provider), StandardCharsets.UTF_8)
            + "\"");
    Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", provider);
    oaep.init(Cipher.ENCRYPT_MODE, rsa.getPublic());
    byte[] wrappedMessage = oaep.doFinal(Arrays.copyOf(MESSAGE, 32));
    oaep.init(Cipher.DECRYPT_MODE, rsa.getPrivate());
    out.println(
        "  RSA-OAEP round trip of 32 bytes: "
            + Arrays.equals(Arrays.copyOf(MESSAGE, 32), oaep.doFinal(wrappedMessage)));

    out.println("\n== 6. Keys persisted as token objects");
    ((SeleneKey) rsa.getPrivate()).makePersistent("demo-rsa");
    ((SeleneKey) aes).makePersistent("demo-aes");
    out.println(
        "  makePersistent: \"demo-rsa\" and \"demo-aes\" are now token objects: "
            + ((SeleneKey) aes).isPersistent());
    Instant now = Instant.now();
    Certificate ecCert =
        SeleneCertificateX509.selfSign(
            ec,
            "CN=Selene demo EC key",
            BigInteger.valueOf(now.getEpochSecond()),
            Date.from(now.minus(Duration.ofMinutes(1))),
            Date.from(now.plus(Duration.ofDays(365))));
    keyStore.setKeyEntry("demo-ec", ec.getPrivate(), null, new Certificate[] {ecCert});
    out.println("  KeyStore.setKeyEntry: \"demo-ec\" stored with its HSM-signed certificate");

    reload(out, provider, partition, rsa.getPublic(), new byte[][] {iv, sealed});
    scalableKeyStorage(out, provider, partition, home);
    slots.logout();
    out.println("\nLogged out: " + !slots.isLoggedIn());
  }

  /** Opens the partition afresh, lists it and uses the keys found there. */
  private static void reload(
      PrintStream out,
      SeleneProvider provider,
      PartitionSetup.Partition partition,
      PublicKey rsaPublic,
      byte[][] sealed)
      throws Exception {
    out.println("\n== 7. Keys reloaded from KeyStore Selene");
    KeyStore again = keyStore(provider, partition);
    for (String alias : Collections.list(again.aliases())) {
      out.printf(
          "  %-9s %s%s%n",
          alias,
          again.isKeyEntry(alias) ? "key entry" : "certificate",
          again.getCertificate(alias) != null
              ? ", certificate "
                  + ((java.security.cert.X509Certificate) again.getCertificate(alias))
                      .getSubjectX500Principal()
              : "");
    }
    PrivateKey rsa = (PrivateKey) again.getKey("demo-rsa", null);
    byte[] signature = sign("SHA256withRSA", rsa, provider);
    out.println(
        "  \"demo-rsa\" signs again"
            + (rsaPublic == null
                ? ""
                : "; the signature verifies with the public key from step 4: "
                    + verify("SHA256withRSA", rsaPublic, signature, SUN_RSA)));
    Key aes = again.getKey("demo-aes", null);
    if (sealed != null) {
      out.println(
          "  \"demo-aes\" opens the message sealed in step 5: \""
              + new String(
                  decrypt((SecretKey) aes, sealed[0], sealed[1], provider), StandardCharsets.UTF_8)
              + "\"");
    } else {
      out.println("  \"demo-aes\" found: " + aes);
    }
  }

  /**
   * Keys beyond the partition's capacity live outside it as SKS blobs: sealed under the partition's
   * SMK into a blob store (here the embedded one, a file under the demo's home), inserted back into
   * the HSM when used.
   */
  private static void scalableKeyStorage(
      PrintStream out, SeleneProvider provider, PartitionSetup.Partition partition, Path home)
      throws Exception {
    out.println("\n== 8. Keys stored outside the HSM as SKS blobs");
    Path store = home.resolve("sks").resolve("demo-store.mv");
    Files.createDirectories(store.getParent());
    KeyStore sks = KeyStore.getInstance("SKS", provider);
    sks.load(
        new ByteArrayInputStream(
            ("tokenlabel:" + partition.label() + "\nstore:" + store + "\n")
                .getBytes(StandardCharsets.UTF_8)),
        PartitionSetup.CO_PIN.toCharArray());
    if (!sks.containsAlias("demo-sks-ec")) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = g.generateKeyPair();
      Instant now = Instant.now();
      Certificate cert =
          SeleneCertificateX509.selfSign(
              pair,
              "CN=Selene demo SKS key",
              BigInteger.valueOf(now.getEpochSecond()),
              Date.from(now.minus(Duration.ofMinutes(1))),
              Date.from(now.plus(Duration.ofDays(365))));
      sks.setKeyEntry("demo-sks-ec", pair.getPrivate(), null, new Certificate[] {cert});
      KeyGenerator aesGen = KeyGenerator.getInstance("AES", provider);
      aesGen.init(256);
      sks.setKeyEntry("demo-sks-aes", aesGen.generateKey(), null, null);
      out.println(
          "  an EC key pair and an AES-256 key generated in the HSM, sealed under the"
              + " partition's SMK and written to "
              + store
              + " ("
              + Files.size(store)
              + " bytes)");
    } else {
      out.println("  the blob store " + store + " already holds the demo's blobs (an earlier run)");
    }
    out.println("  entries in the blob store: " + Collections.list(sks.aliases()));
    PrivateKey fromBlob = (PrivateKey) sks.getKey("demo-sks-ec", null);
    byte[] signature = sign("SHA256withECDSA", fromBlob, provider);
    PublicKey certified = sks.getCertificate("demo-sks-ec").getPublicKey();
    out.println(
        "  \"demo-sks-ec\" inserted from its blob signs; the JDK verifies with the"
            + " stored certificate: "
            + verify("SHA256withECDSA", certified, signature, Security.getProvider("SunEC")));
    SecretKey aesFromBlob = (SecretKey) sks.getKey("demo-sks-aes", null);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", provider);
    gcm.init(Cipher.ENCRYPT_MODE, aesFromBlob);
    byte[] sealed = gcm.doFinal(MESSAGE);
    out.println(
        "  \"demo-sks-aes\" inserted from its blob round-trips AES-GCM: "
            + Arrays.equals(MESSAGE, decrypt(aesFromBlob, gcm.getIV(), sealed, provider)));
  }

  private static KeyStore keyStore(SeleneProvider provider, PartitionSetup.Partition partition)
      throws Exception {
    KeyStore ks = KeyStore.getInstance("Selene", provider);
    ks.load(
        new ByteArrayInputStream(
            ("tokenlabel:" + partition.label() + "\n").getBytes(StandardCharsets.UTF_8)),
        PartitionSetup.CO_PIN.toCharArray());
    return ks;
  }

  private static byte[] sign(String algorithm, PrivateKey key, SeleneProvider provider)
      throws Exception {
    Signature s = Signature.getInstance(algorithm, provider);
    s.initSign(key);
    s.update(MESSAGE);
    return s.sign();
  }

  private static boolean verify(
      String algorithm, PublicKey key, byte[] signature, Provider provider) throws Exception {
    Signature v = Signature.getInstance(algorithm, provider);
    v.initVerify(key);
    v.update(MESSAGE);
    return v.verify(signature);
  }

  private static byte[] decrypt(SecretKey key, byte[] iv, byte[] sealed, SeleneProvider provider)
      throws Exception {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding", provider);
    gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
    return gcm.doFinal(sealed);
  }
}
