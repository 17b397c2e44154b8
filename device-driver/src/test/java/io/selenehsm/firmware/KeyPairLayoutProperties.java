package io.selenehsm.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.selenehsm.firmware.mech.Ckm;
import io.selenehsm.firmware.mech.KeyPairSpec;
import io.selenehsm.firmware.mech.Mechanism;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.ObjectRules;
import io.selenehsm.firmware.rc.HsmException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The prepared key-pair path against the general one, for random templates (valid ones and ones
 * that must be refused): a layout prepared from one pair and filled with another gives exactly the
 * sets the general completion gives for that other pair, and through the engine a template after a
 * prepared one is refused or completed exactly as on an engine that never prepared it.
 */
class KeyPairLayoutProperties {
  private static final long MECH = Ckm.EC_KEY_PAIR_GEN;

  private static final List<Long> BOOLEANS =
      List.of(
          Cka.TOKEN,
          Cka.PRIVATE,
          Cka.SENSITIVE,
          Cka.EXTRACTABLE,
          Cka.SIGN,
          Cka.VERIFY,
          Cka.DECRYPT,
          Cka.ENCRYPT,
          Cka.WRAP,
          Cka.UNWRAP,
          Cka.DERIVE,
          Cka.MODIFIABLE,
          Cka.COPYABLE,
          Cka.DESTROYABLE);

  /** Attributes a caller may not give for a generated key, or not with these values. */
  private static final List<long[]> REFUSED =
      List.of(
          new long[] {Cka.LOCAL},
          new long[] {Cka.VALUE},
          new long[] {Cka.EC_POINT},
          new long[] {Cka.TRUSTED},
          new long[] {Cka.KEY_GEN_MECHANISM},
          new long[] {0x7777_0000L});

  private static KeyPair ecPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  @Provide
  Arbitrary<Attributes> templates() {
    Arbitrary<Attributes> usage =
        Arbitraries.of(BOOLEANS)
            .list()
            .ofMaxSize(6)
            .flatMap(
                types ->
                    Arbitraries.of(true, false)
                        .list()
                        .ofSize(types.size())
                        .map(
                            values -> {
                              Attributes.Builder b = Attributes.builder();
                              for (int i = 0; i < types.size(); i++) {
                                if (types.get(i).longValue() != Cka.TOKEN) {
                                  b.set(types.get(i), values.get(i));
                                }
                              }
                              return b.build();
                            }));
    Arbitrary<String> label = Arbitraries.strings().alpha().ofMaxLength(8).injectNull(0.3);
    Arbitrary<byte[]> id = Arbitraries.bytes().array(byte[].class).ofMaxSize(4).injectNull(0.5);
    Arbitrary<Integer> refused = Arbitraries.integers().between(-1, 3 * REFUSED.size());
    // About one template in three is refused, so most pairs of templates reach the completion.
    return Combinators.combine(usage, label, id, refused)
        .as(
            (u, l, i, r) -> {
              Attributes.Builder b = u.toBuilder();
              if (l != null) {
                b.set(Cka.LABEL, l);
              }
              if (i != null) {
                b.set(Cka.ID, i);
              }
              if (r >= 0 && r < REFUSED.size()) {
                b.set(REFUSED.get(r)[0], new byte[] {1});
              } else if (r == REFUSED.size()) {
                b.set(Cka.SIGN, new byte[] {1, 0}); // not a CK_BBOOL
              }
              return b.build();
            });
  }

  private static Attributes withCurve(Attributes t) throws Exception {
    return t.toBuilder().set(Cka.EC_PARAMS, X9ObjectIdentifiers.prime256v1.getEncoded()).build();
  }

  /** The template-only checks the command runs first; null when they pass. */
  private static Long refusal(Attributes pubT, Attributes privT) {
    try {
      ObjectRules.checkCallerTemplate(pubT);
      ObjectRules.checkCallerTemplate(privT);
      KeyObjects.keyPairSpec(MECH, pubT);
      return null;
    } catch (HsmException e) {
      return e.returnCode();
    }
  }

  @Property(tries = 150)
  void aFilledLayoutEqualsTheGeneralCompletion(
      @ForAll("templates") Attributes pub,
      @ForAll("templates") Attributes priv,
      @ForAll boolean dual)
      throws Exception {
    Attributes pubT = withCurve(pub);
    if (refusal(pubT, priv) != null) {
      return; // refused before any completion; the engine property covers refusals
    }
    KeyPairSpec spec = KeyObjects.keyPairSpec(MECH, pubT);
    KeyPair first = ecPair();
    KeyPair second = ecPair();
    KeyPairLayout layout =
        KeyPairLayout.prepare(
            MECH,
            Ckk.EC,
            pubT,
            priv,
            spec,
            KeyPairLayout.complete(MECH, Ckk.EC, pubT, priv, first, () -> dual));
    assertNotNull(layout, "an EC pair's halves can always be prepared");
    Attributes[] filled = layout.fill(second, () -> dual);
    assertNotNull(filled);
    KeyPairLayout.Completed general =
        KeyPairLayout.complete(MECH, Ckk.EC, pubT, priv, second, () -> dual);
    assertEquals(general.publicHalf(), filled[0], "public half");
    assertEquals(general.privateHalf(), filled[1], "private half");
    assertArrayEquals(
        second.getPrivate().getEncoded(), filled[1].get(Cka.PRIVATE_KEY_INFO), "its own key");
    // Another policy than the prepared one is not filled: the general path decides.
    assertEquals(null, layout.fill(second, () -> !dual));
  }

  private static Hsm subject;
  private static long subjectSession;
  private static Hsm reference;
  private static long referenceSession;
  private static final AtomicLong RESETS = new AtomicLong();

  private static synchronized void open() throws HsmException {
    if (subject == null) {
      subject = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
      subjectSession = EngineFixtures.coSession(subject, 1, 7);
      reference = EngineFixtures.readyHsm(EngineFixtures.memoryOptions());
      referenceSession = EngineFixtures.coSession(reference, 1, 7);
    }
  }

  /** The outcome of one generation: the refusal code, or the private half without its values. */
  private static Object outcome(Hsm hsm, long session, Attributes pubT, Attributes privT) {
    try {
      long[] pair = hsm.crypto().generateKeyPair(session, Mechanism.of(MECH), pubT, privT);
      Attributes pub = hsm.partition(1).objects.get(pair[0]).attributes();
      Attributes priv = hsm.partition(1).objects.get(pair[1]).attributes();
      assertArrayEquals(pub.get(Cka.PUBLIC_KEY_INFO), priv.get(Cka.PUBLIC_KEY_INFO));
      return List.of(
          without(pub, Cka.PUBLIC_KEY_INFO, Cka.EC_POINT),
          without(priv, Cka.PUBLIC_KEY_INFO, Cka.PRIVATE_KEY_INFO));
    } catch (HsmException e) {
      return e.returnCode();
    }
  }

  private static Attributes without(Attributes a, long... types) {
    Attributes.Builder b = a.toBuilder();
    for (long t : types) {
      b.remove(t);
    }
    return b.build();
  }

  @Property(tries = 60)
  void aTemplateAfterAPreparedOneFaresAsOnAnEngineThatNeverSawIt(
      @ForAll("templates") Attributes firstPub,
      @ForAll("templates") Attributes firstPriv,
      @ForAll("templates") Attributes pub,
      @ForAll("templates") Attributes priv)
      throws Exception {
    open();
    Attributes pubT = withCurve(pub);
    // The subject prepares the first templates (when they pass), then meets the second twice:
    // the second call runs on what the first of them prepared.
    outcome(subject, subjectSession, withCurve(firstPub), firstPriv);
    outcome(subject, subjectSession, withCurve(firstPub), firstPriv);
    Object once = outcome(subject, subjectSession, pubT, priv);
    Object twice = outcome(subject, subjectSession, pubT, priv);
    // The reference last saw a template no generated one equals (its label has a digit).
    Attributes reset =
        Attributes.builder().set(Cka.LABEL, "reset" + RESETS.incrementAndGet()).build();
    outcome(reference, referenceSession, withCurve(reset), reset);
    Object expected = outcome(reference, referenceSession, pubT, priv);
    assertEquals(expected, once, "first call");
    assertEquals(expected, twice, "second call, on the prepared layout");
    Long refused = refusal(pubT, priv);
    if (refused != null) {
      assertEquals(refused, expected, "refused by the template checks");
    }
  }
}
