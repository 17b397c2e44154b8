package io.selenehsm.provider;

import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.object.Attributes;
import io.selenehsm.firmware.object.Cka;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.object.Cko;
import io.selenehsm.firmware.policy.PartitionPolicies;
import io.selenehsm.firmware.policy.PolicyValues;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.internal.KeyAccess;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.internal.Templates;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * The KeyStore entries of one partition, as token objects grouped by label.
 *
 * <p>Layout of a private key entry "web": a private key, a public key and one certificate per chain
 * element, all token objects with {@code CKA_LABEL "web"} and one {@code CKA_ID} (the SHA-1 of the
 * public key's X.509 encoding, a common PKCS#11 convention that lets other tools pair them). The
 * chain's first certificate has {@code CKA_CERTIFICATE_CATEGORY} 1 (the token user's own), the
 * others 2 (authority); they are written in chain order, and read back by following issuer to
 * subject from the certificate of the key, so the order survives even if handles are renumbered. A
 * trusted certificate entry is a certificate alone under its label.
 */
final class PartitionEntries {
  /** What an alias names. */
  enum Kind {
    NONE,
    PRIVATE_KEY,
    SECRET_KEY,
    CERTIFICATE
  }

  /** A read that may fail in the HSM. */
  @FunctionalInterface
  interface Read<T> {
    T apply(PartitionEntries entries) throws HsmException;
  }

  private static final long CKC_X_509 = 0;
  private static final long CATEGORY_TOKEN_USER = 1;
  private static final long CATEGORY_AUTHORITY = 2;

  private final Token token;
  private final Date loaded = new Date();

  /** When this process stored each alias (the partition keeps no such date). */
  private final Map<String, Date> stored = new HashMap<>();

  PartitionEntries(Token token) {
    this.token = token;
  }

  // ---- reading

  /** Every label that names a private key, secret key or certificate, in handle order. */
  List<String> aliases() throws HsmException {
    Set<String> labels = new LinkedHashSet<>();
    for (long cls : new long[] {Cko.PRIVATE_KEY, Cko.SECRET_KEY, Cko.CERTIFICATE}) {
      for (long h : token.find(tokenObjects(cls).build())) {
        String label = token.attributes(h).string(Cka.LABEL);
        if (label != null && !label.isEmpty()) {
          labels.add(label);
        }
      }
    }
    return List.copyOf(labels);
  }

  Kind kindOf(String alias) throws HsmException {
    if (!find(alias, Cko.PRIVATE_KEY).isEmpty()) {
      return Kind.PRIVATE_KEY;
    }
    if (!find(alias, Cko.SECRET_KEY).isEmpty()) {
      return Kind.SECRET_KEY;
    }
    return find(alias, Cko.CERTIFICATE).isEmpty() ? Kind.NONE : Kind.CERTIFICATE;
  }

  /** The private (else secret) key labelled {@code alias}, or null. */
  SeleneKey key(String alias) throws HsmException {
    for (long cls : new long[] {Cko.PRIVATE_KEY, Cko.SECRET_KEY}) {
      List<Long> found = find(alias, cls);
      if (!found.isEmpty()) {
        return (SeleneKey) KeyAccess.found(token, found.get(0));
      }
    }
    return null;
  }

  /** The certificates labelled {@code alias}, leaf first; empty when there are none. */
  List<X509Certificate> chain(String alias) throws HsmException {
    List<X509Certificate> certs = new ArrayList<>();
    List<Long> categories = new ArrayList<>();
    for (long h : find(alias, Cko.CERTIFICATE)) {
      Attributes a = token.attributes(h);
      certs.add(decode(a.get(Cka.VALUE), h));
      categories.add(a.ulong(Cka.CERTIFICATE_CATEGORY, 0));
    }
    if (certs.size() < 2) {
      return certs;
    }
    int leaf = leafIndex(alias, certs, categories);
    List<X509Certificate> ordered = new ArrayList<>();
    List<X509Certificate> rest = new ArrayList<>(certs);
    X509Certificate next = rest.remove(leaf);
    while (next != null) {
      ordered.add(next);
      X509Certificate current = next;
      next = null;
      for (int i = 0; i < rest.size(); i++) {
        X509Certificate c = rest.get(i);
        if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal())
            && !current.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
          next = rest.remove(i);
          break;
        }
      }
    }
    ordered.addAll(rest); // certificates that chain to nothing keep their stored order
    return ordered;
  }

  /** The certificate of the key itself: matching its public key, else category 1, else first. */
  private int leafIndex(String alias, List<X509Certificate> certs, List<Long> categories)
      throws HsmException {
    List<Long> keys = find(alias, Cko.PRIVATE_KEY);
    if (!keys.isEmpty()) {
      byte[] spki = token.attributes(keys.get(0)).get(Cka.PUBLIC_KEY_INFO);
      for (int i = 0; spki != null && i < certs.size(); i++) {
        if (Arrays.equals(spki, certs.get(i).getPublicKey().getEncoded())) {
          return i;
        }
      }
    }
    int category = categories.indexOf(CATEGORY_TOKEN_USER);
    return Math.max(category, 0);
  }

  Date created(String alias) throws HsmException {
    List<X509Certificate> chain = chain(alias);
    if (!chain.isEmpty()) {
      return chain.get(0).getNotBefore();
    }
    return stored.getOrDefault(alias, loaded);
  }

  // ---- entry passwords (per-key authorization)

  /**
   * Whether entry passwords mean something here: a V1 partition with per-key authorization
   * (partition policy 40), where they are the keys' authorization data. Slots that report no
   * partition policies (HA groups) answer false.
   */
  boolean perKeyAuthorization() {
    try {
      PolicyValues policies = token.slot().partitionPolicies();
      return policies.isOn(PartitionPolicies.PER_KEY_AUTHORIZATION)
          && policies.get(PartitionPolicies.PARTITION_VERSION) == 1;
    } catch (HsmException e) {
      return false;
    }
  }

  /** Whether the key carries authorization data (which nobody can read back). */
  boolean hasAuthorizationData(SeleneKey k) throws HsmException {
    long handle = k.getKeyHandle();
    try {
      token.call((s, h) -> s.getAttribute(h, handle, Cka.AUTH_DATA));
      return true; // readable would be a bug; present is what counts
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.ATTRIBUTE_SENSITIVE) {
        return true;
      }
      if (e.returnCode() == Ckr.ATTRIBUTE_TYPE_INVALID) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Checks {@code data} against the key's authorization data in the HSM (a wrong one counts towards
   * the key's lockout, as the engine counts every failed authorization).
   */
  void verifyAuthorization(SeleneKey k, char[] data) throws HsmException {
    long handle = k.getKeyHandle();
    token.call(
        (s, h) -> {
          s.setAuthorizationData(h, handle, data, data);
          return null;
        });
  }

  /**
   * Sets the key's authorization data: the Crypto Officer resets it; another role changes it with
   * the data it proved before ({@code previous}, null when none was proved).
   */
  void setAuthorization(SeleneKey k, char[] data, char[] previous) throws HsmException {
    long handle = k.getKeyHandle();
    token.call(
        (s, h) -> {
          if (token.role() == Role.CRYPTO_OFFICER) {
            s.resetAuthorizationData(h, handle, data);
          } else {
            s.setAuthorizationData(h, handle, previous, data);
          }
          return null;
        });
  }

  /**
   * Whether {@code alias} already holds exactly {@code key} with {@code chain}: storing it again
   * could change nothing but the entry password (what {@code keytool -keypasswd} does).
   */
  boolean holds(String alias, Key key, List<X509Certificate> chain) throws HsmException {
    if (!(key instanceof SeleneKey k)
        || !k.isPersistent()
        || !alias.equals(k.getLabel())
        || k.getSlot() != token.slotId()) {
      return false;
    }
    SeleneKey current = key(alias);
    if (current == null || current.getKeyHandle() != k.getKeyHandle()) {
      return false;
    }
    List<X509Certificate> now = key instanceof PrivateKey ? chain(alias) : List.of();
    return now.equals(chain == null ? List.of() : chain);
  }

  // ---- writing

  /** Stores {@code key} and {@code chain} under {@code alias}, replacing what it held. */
  void putKey(String alias, Key key, List<X509Certificate> chain) throws HsmException {
    SeleneKey k = onThisToken(key);
    byte[] spki = null;
    if (key instanceof PrivateKey) {
      spki = publicKeyInfo(k, chain);
      requireMatching(alias, k, spki, chain.get(0));
    }
    List<Long> old = handles(alias);
    long handle = persist(k, alias);
    old.remove(Long.valueOf(handle));
    List<Long> created = new ArrayList<>();
    try {
      if (spki != null) {
        byte[] id = id(spki);
        setId(handle, id);
        created.add(createPublicKey(alias, id, KeyAccess.object(k).keyType(), spki));
        for (int i = 0; i < chain.size(); i++) {
          created.add(
              createCertificate(
                  alias, id, chain.get(i), i == 0 ? CATEGORY_TOKEN_USER : CATEGORY_AUTHORITY));
        }
      }
    } catch (HsmException | RuntimeException e) {
      destroyQuietly(created);
      throw e;
    }
    destroy(old);
    stored.put(alias, new Date());
  }

  /** Stores a trusted certificate under {@code alias}, replacing a certificate it held. */
  void putCertificate(String alias, X509Certificate cert) throws HsmException {
    List<Long> old = handles(alias);
    createCertificate(alias, id(cert.getPublicKey().getEncoded()), cert, CATEGORY_AUTHORITY);
    destroy(old);
    stored.put(alias, new Date());
  }

  void delete(String alias) throws HsmException {
    destroy(handles(alias));
    stored.remove(alias);
  }

  /** A Selene key of this partition, or a software key imported into it as a session object. */
  private SeleneKey onThisToken(Key key) throws HsmException {
    if (key instanceof SeleneKey k) {
      if (k.getSlot() != token.slotId()) {
        throw new HsmException(
            Ckr.KEY_HANDLE_INVALID,
            "the key lives in slot "
                + k.getSlot()
                + ", but this keystore holds slot "
                + token.slotId());
      }
      return k;
    }
    if (key instanceof PrivateKey p) {
      return (SeleneKey) KeyImport.importPrivate(token, p);
    }
    return (SeleneKey) KeyImport.importSecret(token, (SecretKey) key);
  }

  /** Makes {@code k} a token object labelled {@code alias}; returns the handle to keep. */
  private long persist(SeleneKey k, String alias) throws HsmException {
    if (!k.isPersistent()) {
      KeyAccess.object(k).makePersistent(alias);
      return k.getKeyHandle();
    }
    if (alias.equals(k.getLabel())) {
      return k.getKeyHandle();
    }
    // a token key of another entry: that entry keeps it, this one gets a copy
    long source = k.getKeyHandle();
    return token.call(
        (s, h) ->
            s.copyObject(
                h,
                source,
                Attributes.builder().set(Cka.TOKEN, true).set(Cka.LABEL, alias).build()));
  }

  private static byte[] publicKeyInfo(SeleneKey k, List<X509Certificate> chain) {
    byte[] stored = KeyAccess.object(k).attributes().get(Cka.PUBLIC_KEY_INFO);
    return stored != null ? stored : chain.get(0).getPublicKey().getEncoded();
  }

  /** Refuses a chain whose first certificate is for another key. */
  private static void requireMatching(String alias, SeleneKey k, byte[] spki, X509Certificate leaf)
      throws HsmException {
    try {
      long type = KeyAccess.object(k).keyType();
      PublicKey ofKey = SoftwareKeys.publicKey(type, spki);
      PublicKey ofCert = SoftwareKeys.publicKey(type, leaf.getPublicKey().getEncoded());
      if (!Arrays.equals(ofKey.getEncoded(), ofCert.getEncoded())) {
        throw new HsmException(
            Ckr.ARGUMENTS_BAD,
            "the first certificate of the chain for \""
                + alias
                + "\" ("
                + leaf.getSubjectX500Principal()
                + ") is not for this key");
      }
    } catch (HsmException e) {
      if (e.returnCode() == Ckr.ARGUMENTS_BAD) {
        throw e;
      }
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "the first certificate of the chain for \""
              + alias
              + "\" holds a "
              + leaf.getPublicKey().getAlgorithm()
              + " key, which does not fit this key");
    }
  }

  private void setId(long handle, byte[] id) throws HsmException {
    token.call(
        (s, h) -> {
          s.setAttributes(h, handle, Attributes.builder().set(Cka.ID, id).build());
          return null;
        });
  }

  private long createPublicKey(String alias, byte[] id, long keyType, byte[] spki)
      throws HsmException {
    Attributes.Builder t =
        Templates.publicKey(keyType)
            .set(Cka.TOKEN, true)
            .set(Cka.LABEL, alias)
            .set(Cka.ID, id)
            .set(Cka.PUBLIC_KEY_INFO, spki);
    if (keyType == Ckk.RSA && SoftwareKeys.publicKey(keyType, spki) instanceof RSAPublicKey r) {
      t.set(Cka.MODULUS, unsigned(r.getModulus()))
          .set(Cka.PUBLIC_EXPONENT, unsigned(r.getPublicExponent()));
    }
    Attributes template = t.build();
    return token.call((s, h) -> s.createObject(h, template));
  }

  private long createCertificate(String alias, byte[] id, X509Certificate cert, long category)
      throws HsmException {
    Attributes template;
    try {
      template =
          Attributes.builder()
              .set(Cka.CLASS, Cko.CERTIFICATE)
              .set(Cka.CERTIFICATE_TYPE, CKC_X_509)
              .set(Cka.TOKEN, true)
              .set(Cka.PRIVATE, false)
              .set(Cka.LABEL, alias)
              .set(Cka.ID, id)
              .set(Cka.SUBJECT, cert.getSubjectX500Principal().getEncoded())
              .set(Cka.ISSUER, cert.getIssuerX500Principal().getEncoded())
              .set(Cka.SERIAL_NUMBER, derInteger(cert.getSerialNumber()))
              .set(Cka.CERTIFICATE_CATEGORY, category)
              .set(Cka.VALUE, cert.getEncoded())
              .build();
    } catch (CertificateException e) {
      throw new HsmException(
          Ckr.ARGUMENTS_BAD,
          "certificate "
              + cert.getSubjectX500Principal()
              + " cannot be encoded: "
              + e.getMessage());
    }
    return token.call((s, h) -> s.createObject(h, template));
  }

  private List<Long> find(String alias, long cls) throws HsmException {
    return token.find(tokenObjects(cls).set(Cka.LABEL, alias).build());
  }

  /** Every token object of an entry's classes labelled {@code alias}. */
  private List<Long> handles(String alias) throws HsmException {
    List<Long> all = new ArrayList<>();
    for (long cls : new long[] {Cko.PRIVATE_KEY, Cko.PUBLIC_KEY, Cko.SECRET_KEY, Cko.CERTIFICATE}) {
      all.addAll(find(alias, cls));
    }
    return all;
  }

  private static Attributes.Builder tokenObjects(long cls) {
    return Attributes.builder().set(Cka.CLASS, cls).set(Cka.TOKEN, true);
  }

  private void destroy(List<Long> handles) throws HsmException {
    for (long handle : handles) {
      token.call(
          (s, h) -> {
            s.destroyObject(h, handle);
            return null;
          });
    }
  }

  private void destroyQuietly(List<Long> handles) {
    try {
      destroy(handles);
    } catch (HsmException | RuntimeException e) {
      // undoing a failed write; the original failure is what the caller needs to see
    }
  }

  private static X509Certificate decode(byte[] der, long handle) throws HsmException {
    try {
      return (X509Certificate)
          SoftwareProviders.x509().generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new HsmException(
          Ckr.DATA_INVALID,
          "certificate object "
              + handle
              + " does not hold a readable X.509 certificate: "
              + e.getMessage());
    }
  }

  /** CKA_ID of an entry: SHA-1 of its public key's X.509 encoding. */
  static byte[] id(byte[] spki) {
    try {
      return SoftwareProviders.digest("SHA-1").digest(spki);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK provides SHA-1", e);
    }
  }

  /** CKA_SERIAL_NUMBER holds the DER encoding of the INTEGER, tag and length included. */
  private static byte[] derInteger(BigInteger value) {
    byte[] v = value.toByteArray();
    byte[] length;
    if (v.length < 0x80) {
      length = new byte[] {(byte) v.length};
    } else if (v.length < 0x100) {
      length = new byte[] {(byte) 0x81, (byte) v.length};
    } else {
      length = new byte[] {(byte) 0x82, (byte) (v.length >> 8), (byte) v.length};
    }
    byte[] out = new byte[1 + length.length + v.length];
    out[0] = 0x02;
    System.arraycopy(length, 0, out, 1, length.length);
    System.arraycopy(v, 0, out, 1 + length.length, v.length);
    return out;
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
