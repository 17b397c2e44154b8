package io.selenehsm.server.wire;

import io.selenehsm.device.CallType;
import io.selenehsm.device.Slot;
import io.selenehsm.device.SlotCall;
import io.selenehsm.firmware.audit.AuditCategory;
import io.selenehsm.firmware.audit.AuditConfig;
import io.selenehsm.firmware.audit.AuditOutcome;
import io.selenehsm.firmware.audit.EventMask;
import io.selenehsm.firmware.audit.RotationInterval;
import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.CtrParams;
import io.selenehsm.firmware.mech.EcdhParams;
import io.selenehsm.firmware.mech.EddsaParams;
import io.selenehsm.firmware.mech.GcmParams;
import io.selenehsm.firmware.mech.GmacParams;
import io.selenehsm.firmware.mech.IvParams;
import io.selenehsm.firmware.mech.KdfParams;
import io.selenehsm.firmware.mech.MacLengthParams;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.mech.MechanismParams;
import io.selenehsm.firmware.mech.MlDsaParams;
import io.selenehsm.firmware.mech.OaepParams;
import io.selenehsm.firmware.mech.Pbkdf2Params;
import io.selenehsm.firmware.mech.PssParams;
import io.selenehsm.firmware.mech.SignatureFormatParams;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.quorum.Ped;
import io.selenehsm.firmware.rc.HsmException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Arbitrary values of every type the Slot API carries, chosen by static type as the codec chooses
 * its codecs: a call record's arbitrary combines its components' arbitraries. Engine values come
 * from real factories (mechanisms with real ids and valid parameters, generated public keys).
 */
final class WireArbitraries {
  private WireArbitraries() {}

  /** A record constructor refused the generated components: the sample is dropped. */
  static final class Unconstructible extends RuntimeException {
    Unconstructible(Throwable cause) {
      super(cause);
    }
  }

  private static final List<PublicKey> KEYS = generateKeys();

  /** Arbitrary calls of one type. */
  @SuppressWarnings("unchecked")
  static Arbitrary<SlotCall<?>> call(CallType type) {
    return (Arbitrary<SlotCall<?>>) (Arbitrary<?>) record(type.record());
  }

  /** Arbitrary results of one call type. */
  static Arbitrary<Object> result(CallType type) {
    return forType(CallPlan.resultType(type.record()), false);
  }

  /** Arbitrary values of {@code type}; {@code nullable} lets a reference be null now and then. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Arbitrary<Object> forType(Type type, boolean nullable) {
    Arbitrary<?> a;
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class) {
        a = forType(args[0], true).list().ofMaxSize(4);
      } else if (raw == Set.class) {
        a = forType(args[0], false).set().ofMaxSize(4);
      } else if (raw == Optional.class) {
        a = forType(args[0], false).optional();
      } else if (raw == Map.class) {
        a = Arbitraries.maps(forType(args[0], false), forType(args[1], true)).ofMaxSize(4);
      } else {
        throw new IllegalArgumentException("no arbitrary for " + type);
      }
      return (Arbitrary<Object>) a;
    }
    Class<?> c = (Class<?>) type;
    if (c == boolean.class || c == Boolean.class) {
      a = Arbitraries.of(true, false);
    } else if (c == int.class || c == Integer.class) {
      a = Arbitraries.integers();
    } else if (c == long.class || c == Long.class) {
      a = Arbitraries.longs();
    } else if (c == Void.class) {
      return Arbitraries.just(null);
    } else if (c == String.class) {
      a = text();
    } else if (c == Path.class) {
      a = Arbitraries.strings().withChars("abz/._-").ofMaxLength(20).map(Path::of);
    } else if (c == byte[].class) {
      a = bytes(64);
    } else if (c == char[].class) {
      a = text().map(String::toCharArray);
    } else if (c == long[].class) {
      a = Arbitraries.longs().array(long[].class).ofMaxSize(6);
    } else if (c == Instant.class) {
      a =
          Combinators.combine(
                  Arbitraries.longs()
                      .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                  Arbitraries.integers().between(0, 999_999_999))
              .as(Instant::ofEpochSecond);
    } else if (c == Attributes.class) {
      a = attributes();
    } else if (c == Mechanism.class) {
      a = mechanisms();
    } else if (c == PolicyValues.class) {
      a = policies();
    } else if (c == AuditConfig.class) {
      a = auditConfigs();
    } else if (c == PublicKey.class) {
      a = Arbitraries.of(KEYS);
    } else if (c == Slot.class) {
      a = Arbitraries.of(TestSlots.SLOTS);
    } else if (c == Ped.class) {
      return Arbitraries.just(TestSlots.PED);
    } else if (c.isEnum()) {
      a = Arbitraries.of((Class<Enum>) c);
    } else if (c.isRecord()) {
      a = record(c);
    } else if (c.isSealed()) {
      List<Arbitrary<Object>> variants = new ArrayList<>();
      for (Class<?> sub : c.getPermittedSubclasses()) {
        variants.add(forType(sub, false));
      }
      a = Arbitraries.oneOf(variants);
    } else {
      throw new IllegalArgumentException("no arbitrary for " + type);
    }
    Arbitrary<Object> out = (Arbitrary<Object>) a;
    return nullable && !c.isPrimitive() ? out.injectNull(0.05) : out;
  }

  /** A record from arbitrary components, through its canonical constructor. */
  static Arbitrary<Object> record(Class<?> type) {
    RecordComponent[] rc = type.getRecordComponents();
    Class<?>[] raw = new Class<?>[rc.length];
    List<Arbitrary<Object>> parts = new ArrayList<>();
    for (int i = 0; i < rc.length; i++) {
      raw[i] = rc[i].getType();
      parts.add(forType(rc[i].getGenericType(), true));
    }
    Constructor<?> ctor;
    try {
      ctor = type.getDeclaredConstructor(raw);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
    if (rc.length == 0) {
      return Arbitraries.create(() -> construct(ctor, List.of()));
    }
    return Combinators.combine(parts)
        .as(args -> construct(ctor, args))
        .ignoreException(Unconstructible.class);
  }

  private static Object construct(Constructor<?> ctor, List<Object> args) {
    try {
      return ctor.newInstance(args.toArray());
    } catch (InvocationTargetException e) {
      throw new Unconstructible(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Text without unpaired surrogates (which no UTF-8 wire can carry), Unicode beyond ASCII. */
  static Arbitrary<String> text() {
    return Arbitraries.strings()
        .withCharRange('\u0000', '\u024F')
        .withCharRange('\u3040', '\u30FF')
        .withCharRange('\uE000', '\uFFFD')
        .ofMaxLength(24);
  }

  static Arbitrary<byte[]> bytes(int max) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
  }

  static Arbitrary<Attributes> attributes() {
    return Arbitraries.maps(Arbitraries.longs(), bytes(24))
        .ofMaxSize(6)
        .map(
            m -> {
              Attributes.Builder b = Attributes.builder();
              m.forEach(b::set);
              return b.build();
            });
  }

  static Arbitrary<PolicyValues> policies() {
    return Arbitraries.maps(Arbitraries.integers().between(0, 400), Arbitraries.integers())
        .ofMaxSize(8)
        .map(
            m -> {
              PolicyValues p = PolicyValues.defaults(List.of(), Map.of());
              for (Map.Entry<Integer, Integer> e : m.entrySet()) {
                p = p.with(e.getKey(), e.getValue());
              }
              return p;
            });
  }

  static Arbitrary<AuditConfig> auditConfigs() {
    Arbitrary<EventMask> masks =
        Arbitraries.maps(
                Arbitraries.of(AuditCategory.class),
                Arbitraries.of(AuditOutcome.class).array(AuditOutcome[].class).ofMinSize(1))
            .ofMaxSize(4)
            .map(
                m -> {
                  EventMask mask = EventMask.none();
                  for (Map.Entry<AuditCategory, AuditOutcome[]> e : m.entrySet()) {
                    mask = mask.with(e.getKey(), e.getValue());
                  }
                  return mask;
                });
    Arbitrary<Optional<Path>> paths =
        Arbitraries.strings()
            .withChars("abz_-.")
            .ofMinLength(1)
            .ofMaxLength(12)
            .map(s -> Path.of("/var/log", s))
            .optional();
    return Combinators.combine(
            paths,
            masks,
            Arbitraries.of(RotationInterval.class),
            Arbitraries.longs().between(0, 1024L * 1024 * 1024))
        .as(
            (path, mask, interval, size) -> {
              AuditConfig c =
                  AuditConfig.DEFAULT.withMask(mask).withInterval(interval).withSizeLimit(size);
              return path.map(c::withPath).orElse(c);
            });
  }

  /** Real mechanism ids, each with parameters of the kind it takes (valid ones only). */
  static Arbitrary<Mechanism> mechanisms() {
    Arbitrary<Integer> tagBits = Arbitraries.of(96, 104, 112, 120, 128);
    Arbitrary<byte[]> iv16 =
        bytes(16).filter(b -> b.length == 4 || b.length == 8 || b.length == 16);
    List<Arbitrary<Mechanism>> choices =
        List.of(
            Arbitraries.of(Ckm.ECDSA, Ckm.ECDSA_SHA256, Ckm.AES_KEY_GEN, Ckm.SHA256_HMAC)
                .map(Mechanism::of),
            Combinators.combine(bytes(16), bytes(32), tagBits)
                .as((iv, aad, tag) -> with(Ckm.AES_GCM, new GcmParams(iv, aad, tag))),
            bytes(16).filter(b -> b.length > 0).map(iv -> with(Ckm.AES_GMAC, new GmacParams(iv))),
            Combinators.combine(
                    Arbitraries.of(io.selenehsm.firmware.mech.Hash.class),
                    Arbitraries.of(io.selenehsm.firmware.mech.Hash.class),
                    Arbitraries.integers().between(0, 64))
                .as((h, mgf, salt) -> with(Ckm.RSA_PKCS_PSS, new PssParams(h, mgf, salt))),
            Combinators.combine(
                    Arbitraries.of(io.selenehsm.firmware.mech.Hash.class),
                    Arbitraries.of(io.selenehsm.firmware.mech.Hash.class),
                    bytes(8))
                .as((h, mgf, label) -> with(Ckm.RSA_PKCS_OAEP, new OaepParams(h, mgf, label))),
            iv16.map(iv -> with(Ckm.AES_CBC_PAD, new IvParams(iv))),
            Combinators.combine(
                    Arbitraries.integers().between(1, 128),
                    Arbitraries.of(new byte[0], new byte[16]))
                .as((bits, block) -> with(Ckm.AES_CTR, new CtrParams(bits, block))),
            Combinators.combine(Arbitraries.of(true, false), bytes(32))
                .as((pre, ctx) -> with(Ckm.EDDSA, new EddsaParams(pre, ctx))),
            bytes(32).map(ctx -> with(Ckm.ML_DSA, new MlDsaParams(ctx))),
            Combinators.combine(
                    Arbitraries.of(Ckm.SHA256_HMAC, Ckm.SHA_1_HMAC), bytes(16), bytes(16))
                .as(
                    (prf, label, ctx) ->
                        with(Ckm.SP800_108_COUNTER_KDF, new KdfParams(prf, label, ctx))),
            Combinators.combine(
                    Arbitraries.of(io.selenehsm.firmware.mech.Hash.class),
                    bytes(16),
                    bytes(16),
                    Arbitraries.integers().between(1, 100_000))
                .as(
                    (prf, pw, salt, it) ->
                        with(Ckm.PKCS5_PBKD2, new Pbkdf2Params(prf, pw, salt, it))),
            Arbitraries.integers()
                .between(1, 64)
                .map(n -> with(Ckm.SHA256_HMAC_GENERAL, new MacLengthParams(n))),
            Arbitraries.of(SignatureFormatParams.class).map(f -> with(Ckm.ECDSA, f)),
            Combinators.combine(
                    Arbitraries.of(EcdhParams.Kdf.class),
                    bytes(16),
                    bytes(65).filter(b -> b.length > 0))
                .as(
                    (kdf, shared, pub) ->
                        with(
                            Ckm.ECDH1_DERIVE,
                            new EcdhParams(kdf, kdf == EcdhParams.Kdf.NULL ? null : shared, pub))));
    return Arbitraries.oneOf(choices);
  }

  private static Mechanism with(long id, MechanismParams params) {
    try {
      return Mechanism.of(id, params);
    } catch (HsmException e) {
      throw new IllegalStateException("generated invalid parameters " + params, e);
    }
  }

  private static List<PublicKey> generateKeys() {
    try {
      List<PublicKey> keys = new ArrayList<>();
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      keys.add(ec.generateKeyPair().getPublic());
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      keys.add(rsa.generateKeyPair().getPublic());
      keys.add(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
      keys.add(KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic());
      BouncyCastleProvider bc = new BouncyCastleProvider();
      keys.add(KeyPairGenerator.getInstance("ML-DSA-44", bc).generateKeyPair().getPublic());
      keys.add(KeyPairGenerator.getInstance("ML-KEM-512", bc).generateKeyPair().getPublic());
      return List.copyOf(keys);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
