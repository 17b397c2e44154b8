package io.selenehsm.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.selenehsm.firmware.Hsm;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.provider.internal.SessionPool;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.provider.testing.SeleneFixture;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.DigestException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.InvalidParameterSpecException;
import java.security.spec.KeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.DESedeKeySpec;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Fuzzes every service the provider registers (KeyStore aside, which has tests of its own): each
 * try takes one service and runs a random script of its methods, in any order, with random
 * arguments (keys of every type and of none, null, empty, huge and negative offsets and lengths,
 * parameters of every kind). It asserts:
 *
 * <ul>
 *   <li>every exception is one the JCA method declares, or one of the unchecked patterns the JDK's
 *       own providers use for it; the allowed set is stated per method below (a
 *       NullPointerException only where a null argument was passed);
 *   <li>the partition is unchanged: the stored (token) objects and every readable attribute are
 *       identical before and after;
 *   <li>no session stays borrowed once the try's engine objects are gone.
 * </ul>
 *
 * <p>The script of a try is drawn from a seed jqwik generates, so jqwik's printed seed replays the
 * whole run. Tries are sized for well under two minutes on a shared CI machine. (Named *Test, not
 * *Properties, because surefire's default includes run only the former.)
 */
class ServiceFuzzTest {
  private static final Set<String> TYPES =
      Set.of(
          "Cipher",
          "Signature",
          "Mac",
          "KeyAgreement",
          "KeyGenerator",
          "KeyPairGenerator",
          "KeyFactory",
          "SecretKeyFactory",
          "MessageDigest",
          "SecureRandom",
          "AlgorithmParameters");

  private static SeleneFixture f;
  private static List<Key> keys;
  private static Map<Long, Attributes> storedBefore;

  @BeforeContainer
  static void setUp() throws Exception {
    f = SeleneFixture.create().loggedIn();
    Provider p = f.provider();
    List<Key> k = new ArrayList<>();
    k.add(KeyGenerator.getInstance("AES", p).generateKey());
    k.add(KeyGenerator.getInstance("DESede", p).generateKey());
    k.add(KeyGenerator.getInstance("HmacSHA256", p).generateKey());
    for (String alg : List.of("RSA", "EC", "Ed25519", "X25519", "ML-DSA", "ML-KEM")) {
      KeyPair kp = KeyPairGenerator.getInstance(alg, p).generateKeyPair();
      k.add(kp.getPrivate());
      k.add(kp.getPublic());
    }
    for (String alg : List.of("RSA", "EC", "X25519", "Ed448", "DSA")) {
      KeyPair kp = KeyPairGenerator.getInstance(alg).generateKeyPair();
      k.add(kp.getPrivate());
      k.add(kp.getPublic());
    }
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC", "SunEC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    k.add(p384.generateKeyPair().getPublic());
    k.add(new SecretKeySpec(new byte[16], "AES"));
    k.add(new SecretKeySpec(new byte[15], "AES"));
    k.add(new SecretKeySpec(new byte[24], "DESede"));
    k.add(new SecretKeySpec(new byte[32], "HmacSHA256"));
    k.add(new SecretKeySpec(new byte[7], "Blowfish"));
    k.add(new OpaqueKey());
    keys = k;
    // Stored objects the fuzz must never touch: a token secret key and a token key pair.
    SecretKey stored = KeyGenerator.getInstance("AES", p).generateKey();
    ((SeleneKey) stored).makePersistent("fuzz-stored-aes");
    KeyPair storedPair = KeyPairGenerator.getInstance("EC", p).generateKeyPair();
    ((SeleneKey) storedPair.getPrivate()).makePersistent("fuzz-stored-ec");
    storedBefore = storedObjects();
    System.out.println(
        "ServiceFuzzTest: "
            + services().size()
            + " services, "
            + keys.size()
            + " keys, "
            + storedBefore.size()
            + " stored objects");
  }

  /** Calls that completed and calls refused with an allowed exception, for the log. */
  private static final java.util.concurrent.atomic.LongAdder COMPLETED =
      new java.util.concurrent.atomic.LongAdder();

  private static final java.util.concurrent.atomic.LongAdder REFUSED =
      new java.util.concurrent.atomic.LongAdder();

  @AfterContainer
  static void tearDown() {
    System.out.println(
        "ServiceFuzzTest: "
            + COMPLETED.sum()
            + " calls completed, "
            + REFUSED.sum()
            + " refused with a declared exception");
    f.close();
  }

  private static List<Provider.Service> services() {
    List<Provider.Service> s = new ArrayList<>();
    for (Provider.Service svc : f.provider().getServices()) {
      if (TYPES.contains(svc.getType())) {
        s.add(svc);
      }
    }
    s.sort((a, b) -> (a.getType() + a.getAlgorithm()).compareTo(b.getType() + b.getAlgorithm()));
    return s;
  }

  @Provide
  Arbitrary<Provider.Service> service() {
    return Arbitraries.of(services());
  }

  /**
   * The script is drawn from {@code scriptSeed}, so shrinking that number would only swap one
   * script for an unrelated one: shrinking is off and the failing sample is reported as found.
   */
  @Property(tries = 6000, shrinking = ShrinkingMode.OFF)
  @AddLifecycleHook(PrintSeed.class)
  void everyServiceThrowsOnlyWhatJcaDeclaresAndLeavesThePartitionAlone(
      @ForAll("service") Provider.Service service, @ForAll long scriptSeed) throws Exception {
    Random r = new Random(scriptSeed);
    Script s = new Script(service, r);
    s.run();
    s = null;
    assertEquals(
        List.of(),
        takeFailures(),
        "only declared exceptions for " + service.getType() + "." + service.getAlgorithm());
    assertEquals(storedBefore, storedObjects(), "stored objects unchanged");
    assertNoBorrowedSessions();
  }

  /**
   * SeleneKem (ML-KEM; Java 17 has no KEM service) gets the same treatment: both calls declare
   * InvalidKeyException only. Only Selene keys and null are given, since a software key would be
   * imported through the process-wide SlotManager rather than this test's HSM.
   */
  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  @AddLifecycleHook(PrintSeed.class)
  void seleneKemThrowsOnlyInvalidKeyAndLeavesThePartitionAlone(@ForAll long scriptSeed)
      throws Exception {
    Random r = new Random(scriptSeed);
    List<Key> hsmKeys = new ArrayList<>();
    hsmKeys.add(null);
    for (Key k : keys) {
      if (k instanceof SeleneKey) {
        hsmKeys.add(k);
      }
    }
    byte[] lastCiphertext = null;
    for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
      Key k = hsmKeys.get(r.nextInt(hsmKeys.size()));
      String alg = List.of("AES", "GenericSecret", "HmacSHA256", "Nope").get(r.nextInt(4));
      if (r.nextBoolean()) {
        PublicKey pub = k instanceof PublicKey p ? p : null;
        SeleneKem.Encapsulated[] out = new SeleneKem.Encapsulated[1];
        call(
            "SeleneKem.encapsulate(" + k + ", " + alg + ")",
            false,
            () -> out[0] = SeleneKem.encapsulate(pub, alg),
            InvalidKeyException.class);
        if (out[0] != null) {
          lastCiphertext = out[0].ciphertext();
        }
      } else {
        PrivateKey priv = k instanceof PrivateKey p ? p : null;
        byte[] ct =
            lastCiphertext != null && r.nextBoolean()
                ? lastCiphertext
                : r.nextInt(8) == 0 ? null : new byte[r.nextInt(1600)];
        call(
            "SeleneKem.decapsulate("
                + k
                + ", "
                + (ct == null ? "null" : ct.length + " bytes")
                + ", "
                + alg
                + ")",
            ct == null,
            () -> SeleneKem.decapsulate(priv, ct, alg),
            InvalidKeyException.class);
      }
    }
    assertEquals(List.of(), takeFailures(), "only InvalidKeyException from SeleneKem");
    assertEquals(storedBefore, storedObjects(), "stored objects unchanged");
    assertNoBorrowedSessions();
  }

  private static final ThreadLocal<List<String>> FAILURES = ThreadLocal.withInitial(ArrayList::new);

  private static List<String> takeFailures() {
    List<String> copy = new ArrayList<>(FAILURES.get());
    FAILURES.get().clear();
    return copy;
  }

  /** Prints the run's seed and outcome to the test output, where CI logs keep it. */
  static final class PrintSeed implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(
        PropertyLifecycleContext context, PropertyExecutor property) {
      PropertyExecutionResult result = property.execute();
      System.out.println(
          context.label()
              + ": jqwik seed "
              + result.seed().orElse("(none)")
              + ", "
              + result.status()
              + " (replay with @Property(seed = \"...\"))");
      return result;
    }
  }

  /** Sessions pinned by an abandoned operation return once its engine object is collected. */
  private static void assertNoBorrowedSessions() throws Exception {
    SessionPool pool = f.provider().context().token(f.partitionSlot()).pool();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (pool.borrowedCount() > 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(0, pool.borrowedCount(), "sessions stay borrowed");
  }

  /** Every token object the application sees, with its readable attributes. */
  private static Map<Long, Attributes> storedObjects() throws Exception {
    long app = f.provider().applicationId();
    return f.device()
        .read(
            (Hsm h) -> {
              long s = h.openSession(1, app, false);
              try {
                Map<Long, Attributes> m = new TreeMap<>();
                for (long o : h.findObjects(s, Attributes.builder().set(Cka.TOKEN, true).build())) {
                  m.put(o, h.getAttributes(s, o));
                }
                return m;
              } finally {
                h.closeSession(s);
              }
            });
  }

  /** A call and the exceptions its JCA method may throw. */
  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  @SafeVarargs
  private static void call(
      String what, boolean nullArg, Call c, Class<? extends Throwable>... allowed) {
    try {
      c.run();
      COMPLETED.increment();
    } catch (Throwable t) {
      for (Class<? extends Throwable> a : allowed) {
        if (a.isInstance(t)) {
          REFUSED.increment();
          return;
        }
      }
      if (nullArg && t instanceof NullPointerException) {
        return;
      }
      java.io.StringWriter w = new java.io.StringWriter();
      t.printStackTrace(new java.io.PrintWriter(w));
      String trace = w.toString();
      FAILURES.get().add(what + " threw " + trace.substring(0, Math.min(trace.length(), 1500)));
    }
  }

  /** A key that is neither secret, private nor public, with no encoding. */
  private static final class OpaqueKey implements Key {
    private static final long serialVersionUID = 1L;

    @Override
    public String getAlgorithm() {
      return "Opaque";
    }

    @Override
    public String getFormat() {
      return null;
    }

    @Override
    public byte[] getEncoded() {
      return null;
    }
  }

  /** One try: a random script over one service. */
  private static final class Script {
    private final Provider.Service svc;
    private final Random r;
    private final String name;

    Script(Provider.Service svc, Random r) {
      this.svc = svc;
      this.r = r;
      this.name = svc.getType() + "." + svc.getAlgorithm();
    }

    void run() throws Exception {
      int steps = 1 + r.nextInt(7);
      switch (svc.getType()) {
        case "Cipher" -> cipher(Cipher.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "Signature" ->
            signature(Signature.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "Mac" -> mac(Mac.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "KeyAgreement" ->
            agreement(KeyAgreement.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "KeyGenerator" ->
            keyGenerator(KeyGenerator.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "KeyPairGenerator" ->
            keyPairGenerator(KeyPairGenerator.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "KeyFactory" ->
            keyFactory(KeyFactory.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "SecretKeyFactory" ->
            secretKeyFactory(SecretKeyFactory.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "MessageDigest" ->
            digest(MessageDigest.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "SecureRandom" ->
            random(SecureRandom.getInstance(svc.getAlgorithm(), f.provider()), steps);
        case "AlgorithmParameters" ->
            parameters(AlgorithmParameters.getInstance(svc.getAlgorithm(), f.provider()), steps);
        default -> throw new IllegalStateException("no script for " + svc.getType());
      }
    }

    // ---- arguments ----

    /** Half the time a key of the service's family (so scripts reach real operations). */
    private Key key() {
      if (r.nextInt(12) == 0) {
        return null;
      }
      List<Key> fitting = fitting();
      return r.nextBoolean() && !fitting.isEmpty()
          ? fitting.get(r.nextInt(fitting.size()))
          : keys.get(r.nextInt(keys.size()));
    }

    private List<Key> fitting() {
      String a = svc.getAlgorithm().toUpperCase(java.util.Locale.ROOT);
      String family = a.contains("WITH") ? a.substring(a.indexOf("WITH") + 4) : a;
      List<String> tokens =
          family.startsWith("AES") || family.contains("GMAC") || family.startsWith("AESCMAC")
              ? List.of("AES")
              : family.startsWith("DESEDE")
                  ? List.of("DESEDE")
                  : family.startsWith("HMAC")
                      ? List.of("HMAC", "GENERIC")
                      : family.startsWith("RSA") || family.equals("PSS")
                          ? List.of("RSA")
                          : family.contains("ECDSA") || family.equals("ECDH")
                              ? List.of("EC")
                              : family.startsWith("ED")
                                  ? List.of("ED", "EDDSA")
                                  : family.startsWith("X")
                                      ? List.of("X25519", "XDH", "X448")
                                      : family.startsWith("ML-DSA")
                                          ? List.of("ML-DSA")
                                          : family.endsWith("DSA") ? List.of("DSA") : List.of();
      List<Key> out = new ArrayList<>();
      for (Key k : keys) {
        String ka = k.getAlgorithm().toUpperCase(java.util.Locale.ROOT);
        for (String t : tokens) {
          if (t.equals("EC") ? ka.equals("EC") : ka.startsWith(t)) {
            out.add(k);
            break;
          }
        }
      }
      return out;
    }

    private PrivateKey privateKey() {
      Key k = key();
      return k instanceof PrivateKey p ? p : null;
    }

    private PublicKey publicKey() {
      Key k = key();
      return k instanceof PublicKey p ? p : null;
    }

    /** Null, empty, short, block-sized or (rarely) longer than the streaming threshold. */
    private byte[] bytes() {
      int pick = r.nextInt(40);
      if (pick == 0) {
        return null;
      }
      int n =
          pick == 1
              ? 70 * 1024 + r.nextInt(100)
              : pick < 6 ? 0 : pick < 20 ? 16 * r.nextInt(5) : r.nextInt(600);
      byte[] b = new byte[n];
      r.nextBytes(b);
      return b;
    }

    /** Mostly a valid sub-range; sometimes negative, past the end or huge. */
    private int[] range(byte[] b) {
      int n = b == null ? 0 : b.length;
      int off = r.nextInt(n + 1);
      int len = r.nextInt(n - off + 1);
      switch (r.nextInt(10)) {
        case 0 -> off = -1 - r.nextInt(5);
        case 1 -> len = -1 - r.nextInt(5);
        case 2 -> len = n - off + 1 + r.nextInt(5);
        case 3 -> off = Integer.MAX_VALUE - r.nextInt(3);
        case 4 -> len = Integer.MAX_VALUE;
        default -> {}
      }
      return new int[] {off, len};
    }

    private int anInt() {
      int[] interesting = {
        -1,
        0,
        1,
        7,
        8,
        16,
        24,
        32,
        56,
        64,
        112,
        128,
        168,
        192,
        256,
        512,
        1024,
        2048,
        3072,
        4096,
        8192,
        100_000,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE
      };
      return interesting[r.nextInt(interesting.length)];
    }

    private AlgorithmParameterSpec spec() {
      byte[] iv = new byte[r.nextInt(4) == 0 ? r.nextInt(20) : r.nextBoolean() ? 12 : 16];
      r.nextBytes(iv);
      int[] tags = {0, 8, 32, 33, 64, 96, 104, 120, 128, 136, 200};
      return switch (r.nextInt(12)) {
        case 0 -> null;
        case 1, 2 -> new IvParameterSpec(iv);
        case 3, 4 -> new GCMParameterSpec(tags[r.nextInt(tags.length)], iv);
        case 5 -> PSSParameterSpec.DEFAULT;
        case 6 -> new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        case 7 ->
            new PSSParameterSpec(
                "SHA-256",
                r.nextBoolean() ? "MGF2" : "MGF1",
                MGF1ParameterSpec.SHA1,
                r.nextInt(5000),
                1 + r.nextInt(2));
        case 8 -> new ECGenParameterSpec(r.nextBoolean() ? "secp256r1" : "no-such-curve");
        case 9 ->
            new RSAKeyGenParameterSpec(
                r.nextBoolean() ? 1024 : 333, BigInteger.valueOf(r.nextBoolean() ? 65537 : 4));
        case 10 -> OAEPParameterSpec.DEFAULT;
        default -> new AlgorithmParameterSpec() {};
      };
    }

    private int opmode() {
      int[] modes = {
        Cipher.ENCRYPT_MODE, Cipher.DECRYPT_MODE, Cipher.WRAP_MODE, Cipher.UNWRAP_MODE, 0, 9
      };
      return modes[r.nextInt(r.nextInt(5) == 0 ? modes.length : 2)];
    }

    private String step(String method) {
      return name + "." + method;
    }

    // ---- scripts, with the allowed exceptions of each JCA method ----

    private void cipher(Cipher c, int steps) {
      for (int i = 0; i < steps; i++) {
        byte[] in = bytes();
        int[] rg = range(in);
        boolean nul = in == null;
        switch (r.nextInt(i == 0 ? 3 : 14)) {
          case 0, 1 -> {
            Key k = key();
            int op = opmode();
            call(
                step("init(op, key)"),
                false,
                () -> c.init(op, k),
                InvalidKeyException.class,
                InvalidParameterException.class);
          }
          case 2 -> {
            Key k = key();
            int op = opmode();
            AlgorithmParameterSpec p = spec();
            call(
                step("init(op, key, spec)"),
                false,
                () -> c.init(op, k, p),
                InvalidKeyException.class,
                InvalidAlgorithmParameterException.class,
                InvalidParameterException.class);
          }
          case 3, 4 ->
              call(
                  step("update(in, off, len)"),
                  nul,
                  () -> c.update(in, rg[0], rg[1]),
                  IllegalStateException.class,
                  IllegalArgumentException.class);
          case 5 -> {
            byte[] out = new byte[r.nextInt(700)];
            int outOff = r.nextInt(5) == 0 ? -1 : r.nextInt(out.length + 1);
            call(
                step("update(in, off, len, out, outOff)"),
                nul,
                () -> c.update(in, rg[0], rg[1], out, outOff),
                IllegalStateException.class,
                IllegalArgumentException.class,
                ShortBufferException.class);
          }
          case 6 ->
              call(
                  step("updateAAD"),
                  nul,
                  () -> c.updateAAD(in),
                  IllegalStateException.class,
                  IllegalArgumentException.class,
                  UnsupportedOperationException.class);
          case 7, 8 ->
              call(
                  step("doFinal(in, off, len)"),
                  nul,
                  () -> c.doFinal(in, rg[0], rg[1]),
                  IllegalStateException.class,
                  IllegalArgumentException.class,
                  IllegalBlockSizeException.class,
                  BadPaddingException.class);
          case 9 ->
              call(
                  step("doFinal()"),
                  false,
                  c::doFinal,
                  IllegalStateException.class,
                  IllegalBlockSizeException.class,
                  BadPaddingException.class);
          case 10 -> {
            byte[] out = new byte[r.nextInt(700)];
            int outOff = r.nextInt(out.length + 1);
            call(
                step("doFinal(out, outOff)"),
                false,
                () -> c.doFinal(out, outOff),
                IllegalStateException.class,
                IllegalBlockSizeException.class,
                BadPaddingException.class,
                ShortBufferException.class);
          }
          case 11 -> {
            Key k = key();
            call(
                step("wrap(key)"),
                k == null,
                () -> c.wrap(k),
                IllegalStateException.class,
                IllegalBlockSizeException.class,
                InvalidKeyException.class,
                UnsupportedOperationException.class);
          }
          case 12 -> {
            String alg =
                List.of("AES", "DESede", "RSA", "EC", "HmacSHA256", "Nope").get(r.nextInt(6));
            int type =
                new int[] {Cipher.SECRET_KEY, Cipher.PRIVATE_KEY, Cipher.PUBLIC_KEY, 0}
                    [r.nextInt(4)];
            call(
                step("unwrap(bytes, " + alg + ", " + type + ")"),
                nul,
                () -> c.unwrap(in, alg, type),
                IllegalStateException.class,
                InvalidKeyException.class,
                NoSuchAlgorithmException.class,
                InvalidParameterException.class,
                UnsupportedOperationException.class);
          }
          default -> {
            int n = anInt();
            call(
                step("getOutputSize/getIV/getParameters"),
                false,
                () -> {
                  c.getIV();
                  c.getParameters();
                  c.getOutputSize(n);
                },
                IllegalStateException.class,
                IllegalArgumentException.class);
          }
        }
      }
    }

    private void signature(Signature s, int steps) {
      for (int i = 0; i < steps; i++) {
        byte[] in = bytes();
        int[] rg = range(in);
        boolean nul = in == null;
        switch (r.nextInt(i == 0 ? 3 : 11)) {
          case 0 -> {
            PrivateKey k = privateKey();
            call(step("initSign"), false, () -> s.initSign(k), InvalidKeyException.class);
          }
          case 1 -> {
            PublicKey k = publicKey();
            call(step("initVerify"), false, () -> s.initVerify(k), InvalidKeyException.class);
          }
          case 2 -> {
            AlgorithmParameterSpec p = spec();
            // The JDK's RSASSA-PSS also refuses new parameters mid-operation this way.
            call(
                step("setParameter"),
                false,
                () -> s.setParameter(p),
                InvalidAlgorithmParameterException.class,
                ProviderException.class);
          }
          case 3, 4 ->
              call(
                  step("update(in, off, len)"),
                  nul,
                  () -> s.update(in, rg[0], rg[1]),
                  SignatureException.class,
                  IllegalArgumentException.class);
          case 5 ->
              call(step("update(byte)"), false, () -> s.update((byte) 1), SignatureException.class);
          case 6 -> {
            ByteBuffer b =
                in == null
                    ? null
                    : r.nextBoolean()
                        ? ByteBuffer.wrap(in)
                        : ByteBuffer.allocateDirect(in.length).put(in).flip();
            call(
                step("update(ByteBuffer)"),
                b == null,
                () -> {
                  try {
                    s.update(b);
                  } catch (ProviderException e) {
                    // SignatureSpi's own pattern for update(ByteBuffer): a checked cause.
                    if (!(e.getCause() instanceof SignatureException)) {
                      throw e;
                    }
                  }
                },
                SignatureException.class,
                IllegalArgumentException.class);
          }
          case 7 -> call(step("sign()"), false, s::sign, SignatureException.class);
          case 8 -> {
            byte[] out = new byte[r.nextInt(600)];
            int off = r.nextInt(out.length + 1);
            int len = r.nextInt(out.length - off + 1);
            call(
                step("sign(out, off, len)"),
                false,
                () -> s.sign(out, off, len),
                SignatureException.class,
                IllegalArgumentException.class);
          }
          case 9 -> call(step("verify(sig)"), nul, () -> s.verify(in), SignatureException.class);
          default ->
              call(
                  step("verify(sig, off, len)"),
                  nul,
                  () -> s.verify(in, rg[0], rg[1]),
                  SignatureException.class,
                  IllegalArgumentException.class);
        }
      }
    }

    private void mac(Mac m, int steps) {
      for (int i = 0; i < steps; i++) {
        byte[] in = bytes();
        int[] rg = range(in);
        boolean nul = in == null;
        switch (r.nextInt(i == 0 ? 2 : 10)) {
          case 0 -> {
            Key k = key();
            call(step("init(key)"), false, () -> m.init(k), InvalidKeyException.class);
          }
          case 1 -> {
            Key k = key();
            AlgorithmParameterSpec p = spec();
            call(
                step("init(key, spec)"),
                false,
                () -> m.init(k, p),
                InvalidKeyException.class,
                InvalidAlgorithmParameterException.class);
          }
          case 2, 3 ->
              call(
                  step("update(in, off, len)"),
                  nul,
                  () -> m.update(in, rg[0], rg[1]),
                  IllegalStateException.class,
                  IllegalArgumentException.class);
          case 4 ->
              call(
                  step("update(ByteBuffer)"),
                  nul,
                  () -> m.update(in == null ? null : ByteBuffer.wrap(in)),
                  IllegalStateException.class,
                  IllegalArgumentException.class);
          case 5 -> call(step("doFinal()"), false, m::doFinal, IllegalStateException.class);
          case 6 -> {
            byte[] out = new byte[r.nextInt(80)];
            int off = r.nextInt(out.length + 1);
            call(
                step("doFinal(out, off)"),
                false,
                () -> m.doFinal(out, off),
                IllegalStateException.class,
                ShortBufferException.class);
          }
          case 7 ->
              call(
                  step("doFinal(in)"),
                  nul,
                  () -> m.doFinal(in),
                  IllegalStateException.class,
                  IllegalArgumentException.class);
          case 8 -> call(step("reset"), false, m::reset);
          default ->
              call(
                  step("clone"),
                  false,
                  () -> {
                    Object unused = m.clone();
                  },
                  CloneNotSupportedException.class);
        }
      }
    }

    private void agreement(KeyAgreement a, int steps) {
      for (int i = 0; i < steps; i++) {
        switch (r.nextInt(i == 0 ? 2 : 7)) {
          case 0 -> {
            Key k = key();
            call(step("init(key)"), false, () -> a.init(k), InvalidKeyException.class);
          }
          case 1 -> {
            Key k = key();
            AlgorithmParameterSpec p = spec();
            call(
                step("init(key, spec)"),
                false,
                () -> a.init(k, p),
                InvalidKeyException.class,
                InvalidAlgorithmParameterException.class);
          }
          case 2, 3 -> {
            Key k = key();
            boolean last = r.nextInt(4) != 0;
            call(
                step("doPhase"),
                false,
                () -> a.doPhase(k, last),
                InvalidKeyException.class,
                IllegalStateException.class);
          }
          case 4 ->
              call(step("generateSecret()"), false, a::generateSecret, IllegalStateException.class);
          case 5 -> {
            byte[] out = new byte[r.nextInt(80)];
            int off = r.nextInt(5) == 0 ? -1 : r.nextInt(out.length + 1);
            call(
                step("generateSecret(out, off)"),
                false,
                () -> a.generateSecret(out, off),
                IllegalStateException.class,
                ShortBufferException.class,
                IllegalArgumentException.class);
          }
          default -> {
            String alg =
                List.of("AES", "DESede", "HmacSHA256", "TlsPremasterSecret", "RSA", "Nope")
                    .get(r.nextInt(6));
            call(
                step("generateSecret(" + alg + ")"),
                false,
                () -> a.generateSecret(alg),
                IllegalStateException.class,
                NoSuchAlgorithmException.class,
                InvalidKeyException.class);
          }
        }
      }
    }

    private void keyGenerator(KeyGenerator g, int steps) {
      for (int i = 0; i < Math.min(steps, 3); i++) {
        switch (r.nextInt(3)) {
          case 0 -> {
            int n = anInt();
            call(step("init(" + n + ")"), false, () -> g.init(n), InvalidParameterException.class);
          }
          case 1 -> {
            AlgorithmParameterSpec p = spec();
            call(
                step("init(spec)"),
                false,
                () -> g.init(p),
                InvalidAlgorithmParameterException.class);
          }
          default -> call(step("generateKey"), false, g::generateKey, IllegalStateException.class);
        }
      }
    }

    private void keyPairGenerator(KeyPairGenerator g, int steps) {
      for (int i = 0; i < Math.min(steps, 3); i++) {
        switch (r.nextInt(4)) {
          case 0 -> {
            // Sizes a generator takes quickly, and ones it must refuse.
            int[] sizes = {-1, 0, 7, 255, 256, 384, 521, 1024, 1023, 100_000, Integer.MAX_VALUE};
            int n = sizes[r.nextInt(sizes.length)];
            call(
                step("initialize(" + n + ")"),
                false,
                () -> g.initialize(n),
                InvalidParameterException.class);
          }
          case 1 -> {
            AlgorithmParameterSpec p = spec();
            call(
                step("initialize(spec)"),
                false,
                () -> g.initialize(p),
                InvalidAlgorithmParameterException.class);
          }
          default -> {
            if (!svc.getAlgorithm().startsWith("DSA") && !svc.getAlgorithm().equals("RSA")) {
              call(step("generateKeyPair"), false, g::generateKeyPair, IllegalStateException.class);
            }
          }
        }
      }
    }

    private KeySpec keySpec() {
      Key k = keys.get(r.nextInt(keys.size()));
      byte[] enc = k.getEncoded();
      byte[] junk = bytes();
      return switch (r.nextInt(8)) {
        case 0 -> null;
        case 1 -> new X509EncodedKeySpec(enc != null ? enc : new byte[1]);
        case 2 -> new PKCS8EncodedKeySpec(enc != null ? enc : new byte[1]);
        case 3 -> new X509EncodedKeySpec(junk == null ? new byte[0] : junk);
        case 4 -> new PKCS8EncodedKeySpec(junk == null ? new byte[0] : junk);
        case 5 ->
            new RSAPublicKeySpec(BigInteger.valueOf(r.nextInt(1000) - 10), BigInteger.valueOf(3));
        case 6 ->
            new SecretKeySpec(
                new byte[1 + r.nextInt(40)],
                List.of("AES", "DESede", "HmacSHA256", "Nope").get(r.nextInt(4)));
        default -> new PBEKeySpec("pw".toCharArray());
      };
    }

    private Class<? extends KeySpec> specClass() {
      List<Class<? extends KeySpec>> c =
          List.of(
              X509EncodedKeySpec.class,
              PKCS8EncodedKeySpec.class,
              RSAPublicKeySpec.class,
              SecretKeySpec.class,
              DESedeKeySpec.class,
              KeySpec.class);
      return c.get(r.nextInt(c.size()));
    }

    private void keyFactory(KeyFactory kf, int steps) {
      for (int i = 0; i < steps; i++) {
        switch (r.nextInt(4)) {
          case 0 -> {
            KeySpec ks = keySpec();
            call(
                step("generatePublic"),
                ks == null,
                () -> kf.generatePublic(ks),
                InvalidKeySpecException.class);
          }
          case 1 -> {
            KeySpec ks = keySpec();
            call(
                step("generatePrivate"),
                ks == null,
                () -> kf.generatePrivate(ks),
                InvalidKeySpecException.class);
          }
          case 2 -> {
            Key k = key();
            Class<? extends KeySpec> c = specClass();
            call(
                step("getKeySpec"),
                false,
                () -> kf.getKeySpec(k, c),
                InvalidKeySpecException.class);
          }
          default -> {
            Key k = key();
            call(step("translateKey"), false, () -> kf.translateKey(k), InvalidKeyException.class);
          }
        }
      }
    }

    private void secretKeyFactory(SecretKeyFactory kf, int steps) {
      for (int i = 0; i < steps; i++) {
        switch (r.nextInt(3)) {
          case 0 -> {
            KeySpec ks = keySpec();
            call(
                step("generateSecret"),
                ks == null,
                () -> kf.generateSecret(ks),
                InvalidKeySpecException.class);
          }
          case 1 -> {
            Key k = key();
            Class<? extends KeySpec> c = specClass();
            call(
                step("getKeySpec"),
                false,
                () -> kf.getKeySpec(k instanceof SecretKey s ? s : null, c),
                InvalidKeySpecException.class);
          }
          default -> {
            Key k = key();
            call(
                step("translateKey"),
                false,
                () -> kf.translateKey(k instanceof SecretKey s ? s : null),
                InvalidKeyException.class);
          }
        }
      }
    }

    private void digest(MessageDigest d, int steps) {
      for (int i = 0; i < steps; i++) {
        byte[] in = bytes();
        int[] rg = range(in);
        boolean nul = in == null;
        switch (r.nextInt(6)) {
          case 0, 1 ->
              call(
                  step("update(in, off, len)"),
                  nul,
                  () -> d.update(in, rg[0], rg[1]),
                  IllegalArgumentException.class);
          case 2 -> call(step("digest()"), false, d::digest);
          case 3 -> {
            byte[] out = new byte[r.nextInt(80)];
            int off = r.nextInt(out.length + 1);
            int len = r.nextInt(out.length - off + 1);
            call(
                step("digest(out, off, len)"),
                false,
                () -> d.digest(out, off, len),
                DigestException.class,
                IllegalArgumentException.class);
          }
          case 4 -> call(step("reset"), false, d::reset);
          default ->
              call(
                  step("clone"),
                  false,
                  () -> {
                    Object unused = d.clone();
                  },
                  CloneNotSupportedException.class);
        }
      }
    }

    private void random(SecureRandom s, int steps) {
      for (int i = 0; i < steps; i++) {
        byte[] in = bytes();
        switch (r.nextInt(4)) {
          case 0 -> call(step("nextBytes"), in == null, () -> s.nextBytes(in));
          case 1 -> call(step("setSeed"), in == null, () -> s.setSeed(in));
          case 2 -> {
            int n = r.nextInt(3) == 0 ? -1 - r.nextInt(3) : r.nextInt(3000);
            call(
                step("generateSeed(" + n + ")"),
                false,
                () -> s.generateSeed(n),
                IllegalArgumentException.class);
          }
          default -> call(step("nextInt"), false, s::nextInt);
        }
      }
    }

    private void parameters(AlgorithmParameters p, int steps) {
      for (int i = 0; i < steps; i++) {
        byte[] in = bytes();
        switch (r.nextInt(5)) {
          case 0 -> {
            AlgorithmParameterSpec sp = spec();
            call(
                step("init(spec)"),
                sp == null,
                () -> p.init(sp),
                InvalidParameterSpecException.class);
          }
          case 1 -> call(step("init(bytes)"), in == null, () -> p.init(in), IOException.class);
          case 2 -> {
            List<Class<? extends AlgorithmParameterSpec>> c =
                List.of(
                    IvParameterSpec.class,
                    GCMParameterSpec.class,
                    PSSParameterSpec.class,
                    OAEPParameterSpec.class,
                    ECGenParameterSpec.class,
                    AlgorithmParameterSpec.class);
            Class<? extends AlgorithmParameterSpec> k = c.get(r.nextInt(c.size()));
            call(
                step("getParameterSpec"),
                false,
                () -> p.getParameterSpec(k),
                InvalidParameterSpecException.class);
          }
          case 3 -> call(step("getEncoded"), false, p::getEncoded, IOException.class);
          default ->
              call(
                  step("toString"),
                  false,
                  () -> {
                    String unused = p.toString();
                  });
        }
      }
    }
  }
}
