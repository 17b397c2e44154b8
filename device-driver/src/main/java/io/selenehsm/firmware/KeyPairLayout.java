package io.selenehsm.firmware;

import io.selenehsm.firmware.mech.KeyPairSpec;
import io.selenehsm.firmware.object.AttributeLayout;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.object.DeferredValue;
import io.selenehsm.firmware.object.KeyPurpose;
import io.selenehsm.firmware.object.ObjectRules;
import io.selenehsm.firmware.rc.HsmException;
import java.security.KeyPair;

/**
 * What C_GenerateKeyPair works out from its templates alone, decided once and reused for every pair
 * the same templates make: the caller-template checks passed, the key-pair spec (the curve lookup),
 * and each half's completed attribute set as an {@link AttributeLayout} (defaults, generation
 * history, order) into which a new pair's values are copied.
 *
 * <p>Design note (sharing between threads): a layout is immutable and built from immutable
 * templates; {@link HsmCrypto} keeps the last one in a volatile field, so two threads may race to
 * replace it and both results are correct. It is used only for the very templates (same instance or
 * equal attributes) and mechanism it was made for, and only while the partition's dual-purpose
 * policy, the one setting the completed sets depend on, is what it was at preparation; anything
 * else takes the general path, which prepares a new layout. Everything a pair's values or a session
 * decide (generation, FIPS and mechanism checks, the role's write permission, the storage commit,
 * the audit record) stays per call. Any fill a layout refuses (a source of another shape) falls
 * back to the general path for that pair.
 */
final class KeyPairLayout {
  /** Attributes a generated half gains over its template: values, history and defaults. */
  private static final int GENERATED_ROOM = 28;

  private final long mechanism;
  private final long keyType;
  private final Attributes publicTemplate;
  private final Attributes privateTemplate;
  private final KeyPairSpec spec;
  private final boolean dualAllowed;
  private final AttributeLayout publicLayout;
  private final AttributeLayout privateLayout;

  private KeyPairLayout(
      long mechanism,
      long keyType,
      Attributes publicTemplate,
      Attributes privateTemplate,
      KeyPairSpec spec,
      boolean dualAllowed,
      AttributeLayout publicLayout,
      AttributeLayout privateLayout) {
    this.mechanism = mechanism;
    this.keyType = keyType;
    this.publicTemplate = publicTemplate;
    this.privateTemplate = privateTemplate;
    this.spec = spec;
    this.dualAllowed = dualAllowed;
    this.publicLayout = publicLayout;
    this.privateLayout = privateLayout;
  }

  /** Whether this layout was made for these templates and mechanism. */
  boolean isFor(long mechanism, Attributes publicTemplate, Attributes privateTemplate) {
    return this.mechanism == mechanism
        && same(this.publicTemplate, publicTemplate)
        && same(this.privateTemplate, privateTemplate);
  }

  @SuppressWarnings("ReferenceEquality") // the same immutable instance: equal without comparing
  private static boolean same(Attributes prepared, Attributes given) {
    return prepared == given || prepared.equals(given);
  }

  KeyPairSpec spec() {
    return spec;
  }

  long keyType() {
    return keyType;
  }

  /** Where the dual-purpose policy is read: after the pair's values, as the general path does. */
  @FunctionalInterface
  interface DualPurpose {
    boolean allowed() throws HsmException;
  }

  /**
   * Both halves' sets for {@code pair}, or null when the pair's public values have another shape
   * than the prepared ones or the dual-purpose policy changed since preparation (the caller then
   * takes the general path). Errors are those of the general path, in its order.
   */
  Attributes[] fill(KeyPair pair, DualPurpose dual) throws HsmException {
    Attributes publicPart = KeyObjects.publicAttributes(keyType, pair.getPublic()).build();
    DeferredValue privateInfo = KeyObjects.deferredPrivateInfo(pair.getPrivate());
    if (dual.allowed() != dualAllowed) {
      return null;
    }
    Attributes pub = publicLayout.fill(publicPart, null);
    Attributes priv = privateLayout.fill(publicPart, privateInfo);
    return pub == null || priv == null ? null : new Attributes[] {pub, priv};
  }

  /** The completed sets of a generated pair and what a layout is prepared from. */
  record Completed(
      Attributes publicHalf, Attributes privateHalf, Attributes publicPart, boolean dualAllowed) {}

  /**
   * The general path: both halves completed from the templates and the pair's values, attribute by
   * attribute (the caller checked the templates).
   */
  static Completed complete(
      long mechanism,
      long keyType,
      Attributes publicTemplate,
      Attributes privateTemplate,
      KeyPair pair,
      DualPurpose dual)
      throws HsmException {
    // The public values are encoded once and serve both halves (the arrays are shared: frozen
    // values are never written). Each half's set is built once, completed in place.
    Attributes publicPart = KeyObjects.publicAttributes(keyType, pair.getPublic()).build();
    Attributes pubAttrs =
        ObjectRules.completeGenerated(
            publicTemplate.toBuilder(GENERATED_ROOM)
                .set(Cka.CLASS, Cko.PUBLIC_KEY)
                .set(Cka.KEY_TYPE, keyType)
                .set(Cka.LOCAL, true)
                .set(Cka.KEY_GEN_MECHANISM, mechanism)
                .putAll(publicPart));
    Attributes.Builder priv =
        privateTemplate.toBuilder(GENERATED_ROOM)
            .set(Cka.CLASS, Cko.PRIVATE_KEY)
            .set(Cka.KEY_TYPE, keyType);
    KeyObjects.putGeneratedPrivateAttributes(priv, pair.getPrivate(), publicPart);
    Attributes generated = HsmCrypto.generated(priv, mechanism);
    boolean dualAllowed = dual.allowed();
    Attributes privAttrs = KeyPurpose.forNewKey(privateTemplate, generated, dualAllowed);
    return new Completed(pubAttrs, privAttrs, publicPart, dualAllowed);
  }

  /**
   * The layout of what {@link #complete} made from these templates, or null when a half cannot be
   * prepared (its changing values did not all come from the pair).
   */
  static KeyPairLayout prepare(
      long mechanism,
      long keyType,
      Attributes publicTemplate,
      Attributes privateTemplate,
      KeyPairSpec spec,
      Completed c) {
    AttributeLayout pub = AttributeLayout.of(c.publicHalf(), c.publicPart(), null);
    AttributeLayout priv =
        AttributeLayout.of(c.privateHalf(), c.publicPart(), KeyObjects.sharedPublicValues());
    if (pub == null || priv == null || pub.hasDeferredSlot() || !priv.hasDeferredSlot()) {
      return null;
    }
    return new KeyPairLayout(
        mechanism, keyType, publicTemplate, privateTemplate, spec, c.dualAllowed(), pub, priv);
  }
}
