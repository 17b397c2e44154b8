package io.selenehsm.provider;

import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyStoreDescriptor;
import io.selenehsm.provider.internal.KeyStoreLogin;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableEntryException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * KeyStore type {@code Selene}: a view of one partition's token objects.
 *
 * <p>{@code load(stream, pin)} reads a {@linkplain KeyStoreDescriptor descriptor} naming the
 * partition ({@code slot:N} or {@code tokenlabel:LABEL}, optionally {@code usertype:...}) and logs
 * in with {@code pin}; {@code load(null, pin)} logs in to the default slot; {@code load(null,
 * null)} uses the partition the application already logged in to through {@link SlotManager}. The
 * login belongs to the provider, not the KeyStore object: every Selene key of that partition can be
 * used afterwards.
 *
 * <p>Entries are token objects, written to the HSM at once: aliases are {@code CKA_LABEL}s; a
 * private key entry is the private key, a public key and the certificate chain, all under the
 * alias's label and one {@code CKA_ID}; a key pair that has no certificate yet is listed too; a
 * secret key entry is a secret key; a trusted certificate entry is a certificate alone. {@code
 * store} only writes the descriptor back. Like every KeyStore, an instance is not for concurrent
 * use.
 *
 * <p>Entry passwords: on a V1 partition with per-key authorization (partition policy 40) an entry
 * password is the key's authorization data, as on the vendor's HSM: set by {@code setKeyEntry} with
 * a password, changed by storing the same entry with a new one ({@code keytool -keypasswd}), and
 * checked by {@code getKey} for keys that have it. Elsewhere the partition login is the only
 * authorization: entry passwords are ignored, and a call that could change nothing but the password
 * is refused, so that a password change never appears to succeed.
 */
final class SeleneKeyStore extends KeyStoreSpi {
  private final SeleneContext context;
  private KeyStoreDescriptor descriptor;
  private PartitionEntries entries;

  /** Entry passwords getKey verified, by alias: the old data a non-CO role changes from. */
  private final java.util.Map<String, char[]> provenPasswords = new java.util.HashMap<>();

  /** Built by the provider's service table with the provider's context. */
  SeleneKeyStore(SeleneContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  // ---- load and store

  @Override
  public void engineLoad(InputStream stream, char[] password)
      throws IOException, NoSuchAlgorithmException, CertificateException {
    try {
      if (stream == null) {
        loadWithoutDescriptor(password);
      } else {
        KeyStoreDescriptor d = KeyStoreDescriptor.read(stream, KeyStoreDescriptor.Type.SELENE);
        Token token = context.token(KeyStoreLogin.slotOf(context, d));
        if (password == null) {
          KeyStoreLogin.requireLoggedIn(token, d.role());
        } else {
          KeyStoreLogin.logIn(token, d.role(), password);
        }
        open(d, token);
      }
    } catch (HsmException e) {
      throw KeyStoreLogin.loadFailure("Selene", e);
    } catch (SeleneCryptokiException e) {
      throw KeyStoreLogin.loadFailure(
          "Selene", new HsmException(e.getReturnCode(), e.getMessage()));
    }
  }

  private void loadWithoutDescriptor(char[] password) throws HsmException {
    if (password == null) {
      Token token = context.loggedInToken();
      if (token == null) {
        throw new HsmException(
            Ckr.USER_NOT_LOGGED_IN,
            "load(null, null) uses the partition"
                + " SlotManager logged in to, and no partition is logged in; log in first or pass"
                + " a PIN");
      }
      open(KeyStoreDescriptor.ofSlot(token.slotId(), token.role()), token);
      return;
    }
    int slot = context.defaultSlot() >= 0 ? context.defaultSlot() : context.firstUsableSlot();
    Token token = context.token(slot);
    KeyStoreLogin.logIn(token, Role.CRYPTO_OFFICER, password);
    open(KeyStoreDescriptor.ofSlot(slot, Role.CRYPTO_OFFICER), token);
  }

  private void open(KeyStoreDescriptor d, Token token) {
    descriptor = d;
    entries = new PartitionEntries(token);
  }

  @Override
  public void engineStore(OutputStream stream, char[] password) throws IOException {
    if (stream != null) {
      descriptor.write(stream);
    }
  }

  // ---- reading

  @Override
  public Enumeration<String> engineAliases() {
    return Collections.enumeration(read(PartitionEntries::aliases));
  }

  @Override
  public boolean engineContainsAlias(String alias) {
    return alias != null && read(e -> e.kindOf(alias)) != PartitionEntries.Kind.NONE;
  }

  @Override
  public int engineSize() {
    return read(PartitionEntries::aliases).size();
  }

  @Override
  public boolean engineIsKeyEntry(String alias) {
    PartitionEntries.Kind k =
        alias == null ? PartitionEntries.Kind.NONE : read(e -> e.kindOf(alias));
    return k == PartitionEntries.Kind.PRIVATE_KEY || k == PartitionEntries.Kind.SECRET_KEY;
  }

  @Override
  public boolean engineIsCertificateEntry(String alias) {
    return alias != null && read(e -> e.kindOf(alias)) == PartitionEntries.Kind.CERTIFICATE;
  }

  /**
   * The key under {@code alias} (a private key before a secret one), or null. A key with per-key
   * authorization data needs it as {@code password}; other keys ignore the password.
   */
  @Override
  public Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
    if (alias == null) {
      return null;
    }
    try {
      PartitionEntries e = entries();
      SeleneKey key = e.key(alias);
      if (key != null && e.perKeyAuthorization() && e.hasAuthorizationData(key)) {
        if (password == null) {
          throw new UnrecoverableKeyException(
              "key \""
                  + alias
                  + "\" has per-key"
                  + " authorization data (partition policy 40): pass its entry password");
        }
        e.verifyAuthorization(key, password);
        provenPasswords.put(alias, password.clone());
      }
      return key;
    } catch (HsmException e) {
      UnrecoverableKeyException u =
          new UnrecoverableKeyException("cannot read key \"" + alias + "\": " + e.getMessage());
      u.initCause(Errors.cryptoki(e));
      throw u;
    }
  }

  @Override
  public Certificate[] engineGetCertificateChain(String alias) {
    if (alias == null) {
      return null;
    }
    List<X509Certificate> chain =
        read(
            e -> e.kindOf(alias) == PartitionEntries.Kind.PRIVATE_KEY ? e.chain(alias) : List.of());
    return chain.isEmpty() ? null : chain.toArray(Certificate[]::new);
  }

  @Override
  public Certificate engineGetCertificate(String alias) {
    if (alias == null) {
      return null;
    }
    return read(
        e ->
            switch (e.kindOf(alias)) {
              case PRIVATE_KEY -> {
                List<X509Certificate> chain = e.chain(alias);
                yield chain.isEmpty() ? null : chain.get(0);
              }
              case CERTIFICATE -> e.chain(alias).get(0);
              default -> null;
            });
  }

  @Override
  public String engineGetCertificateAlias(Certificate cert) {
    if (cert == null) {
      return null;
    }
    for (String alias : read(PartitionEntries::aliases)) {
      if (cert.equals(engineGetCertificate(alias))) {
        return alias;
      }
    }
    return null;
  }

  /**
   * The partition keeps no creation time, so this is the notBefore of the entry's (first)
   * certificate, else when this process stored the key, else when the keystore was loaded.
   */
  @Override
  public Date engineGetCreationDate(String alias) {
    if (alias == null) {
      return null;
    }
    return read(e -> e.kindOf(alias) == PartitionEntries.Kind.NONE ? null : e.created(alias));
  }

  /**
   * A private key counts as a {@code PrivateKeyEntry} even without a certificate (the default would
   * call it a secret key entry, since it asks only whether there is a chain).
   */
  @Override
  public boolean engineEntryInstanceOf(String alias, Class<? extends KeyStore.Entry> entryClass) {
    PartitionEntries.Kind k =
        alias == null ? PartitionEntries.Kind.NONE : read(e -> e.kindOf(alias));
    if (entryClass == KeyStore.PrivateKeyEntry.class) {
      return k == PartitionEntries.Kind.PRIVATE_KEY;
    }
    if (entryClass == KeyStore.SecretKeyEntry.class) {
      return k == PartitionEntries.Kind.SECRET_KEY;
    }
    if (entryClass == KeyStore.TrustedCertificateEntry.class) {
      return k == PartitionEntries.Kind.CERTIFICATE;
    }
    return false;
  }

  /**
   * The entry under {@code alias}, whatever {@code protection} says (the login authorizes); a key
   * pair without a certificate is refused, since a PrivateKeyEntry needs a chain.
   */
  @Override
  public KeyStore.Entry engineGetEntry(String alias, KeyStore.ProtectionParameter protection)
      throws KeyStoreException, UnrecoverableEntryException {
    if (alias == null) {
      return null;
    }
    PartitionEntries.Kind kind = read(e -> e.kindOf(alias));
    char[] password =
        protection instanceof KeyStore.PasswordProtection pp ? pp.getPassword() : null;
    try {
      switch (kind) {
        case PRIVATE_KEY -> {
          Certificate[] chain = engineGetCertificateChain(alias);
          if (chain == null) {
            throw new KeyStoreException(
                "\""
                    + alias
                    + "\" is a key pair without a"
                    + " certificate, which a KeyStore.PrivateKeyEntry cannot hold; read it with"
                    + " getKey, or store a certificate chain for it first");
          }
          return new KeyStore.PrivateKeyEntry((PrivateKey) engineGetKey(alias, password), chain);
        }
        case SECRET_KEY -> {
          return new KeyStore.SecretKeyEntry((SecretKey) engineGetKey(alias, password));
        }
        case CERTIFICATE -> {
          return new KeyStore.TrustedCertificateEntry(engineGetCertificate(alias));
        }
        default -> {
          return null;
        }
      }
    } catch (UnrecoverableKeyException e) {
      throw (UnrecoverableEntryException)
          new UnrecoverableEntryException(e.getMessage()).initCause(e);
    }
  }

  /** Stores any of the three entry kinds; a password protection is the entry password. */
  @Override
  public void engineSetEntry(
      String alias, KeyStore.Entry entry, KeyStore.ProtectionParameter protection)
      throws KeyStoreException {
    char[] password =
        protection instanceof KeyStore.PasswordProtection pp ? pp.getPassword() : null;
    if (entry instanceof KeyStore.PrivateKeyEntry p) {
      engineSetKeyEntry(alias, p.getPrivateKey(), password, p.getCertificateChain());
    } else if (entry instanceof KeyStore.SecretKeyEntry k) {
      engineSetKeyEntry(alias, k.getSecretKey(), password, null);
    } else if (entry instanceof KeyStore.TrustedCertificateEntry t) {
      engineSetCertificateEntry(alias, t.getTrustedCertificate());
    } else {
      throw new KeyStoreException(
          "the Selene keystore stores private key, secret key and"
              + " trusted certificate entries, not "
              + (entry == null ? "null" : entry.getClass().getName()));
    }
  }

  // ---- writing

  /**
   * Stores {@code key} under {@code alias} as token objects. A Selene session key is copied to the
   * token; a Selene token key under another label is copied under this one; a software key is
   * imported (PKCS#8 for private keys) when partition policy allows. Whatever the alias held before
   * is replaced once the new objects exist. The password is the key's per-key authorization data
   * where the partition has it, else ignored (see the class comment).
   */
  @Override
  public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain)
      throws KeyStoreException {
    requireAlias(alias);
    Objects.requireNonNull(key, "key");
    if (key instanceof PrivateKey) {
      if (chain == null || chain.length == 0) {
        throw new KeyStoreException("a private key entry needs its certificate chain");
      }
    } else if (!(key instanceof SecretKey)) {
      throw new KeyStoreException(
          "only private and secret keys are key entries, not " + key.getClass().getName());
    }
    List<X509Certificate> certs = x509(chain);
    try {
      PartitionEntries e = entries();
      boolean perKey = e.perKeyAuthorization();
      boolean passwordOnly = e.holds(alias, key, certs);
      if (passwordOnly && password != null && !perKey) {
        throw new KeyStoreException(
            "entry passwords are not used on this partition: the partition login authorizes every"
                + " key, and per-key authorization data exists only on a V1 partition with"
                + " partition policy 40; \""
                + alias
                + "\" is unchanged");
      }
      if (!passwordOnly) {
        e.putKey(alias, key, certs);
      }
      if (perKey && password != null) {
        SeleneKey stored = e.key(alias);
        e.setAuthorization(stored, password, provenPasswords.get(alias));
        provenPasswords.put(alias, password.clone());
      }
    } catch (HsmException e) {
      throw Errors.keyStore(e);
    } catch (SeleneCryptokiException e) {
      throw (KeyStoreException) new KeyStoreException(e.getMessage()).initCause(e);
    }
  }

  /**
   * Refused: a protected key encoding is the format of another keystore, and this one never holds
   * key bytes. Pass the {@link Key} itself.
   */
  @Override
  public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain)
      throws KeyStoreException {
    throw new KeyStoreException(
        "the Selene keystore takes Key objects, not protected key"
            + " encodings; pass the key to setKeyEntry(alias, key, password, chain)");
  }

  @Override
  public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
    requireAlias(alias);
    X509Certificate x509 = x509(new Certificate[] {cert}).get(0);
    try {
      PartitionEntries.Kind k = entries().kindOf(alias);
      if (k == PartitionEntries.Kind.PRIVATE_KEY || k == PartitionEntries.Kind.SECRET_KEY) {
        throw new KeyStoreException(
            "\""
                + alias
                + "\" is a key entry; a trusted certificate"
                + " needs an alias of its own");
      }
      entries().putCertificate(alias, x509);
    } catch (HsmException e) {
      throw Errors.keyStore(e);
    }
  }

  /** Destroys every token object labelled {@code alias}; an unknown alias changes nothing. */
  @Override
  public void engineDeleteEntry(String alias) throws KeyStoreException {
    requireAlias(alias);
    try {
      entries().delete(alias);
    } catch (HsmException e) {
      throw Errors.keyStore(e);
    }
  }

  // ---- helpers

  private PartitionEntries entries() {
    if (entries == null) {
      throw new IllegalStateException("the Selene keystore is not loaded");
    }
    return entries;
  }

  /** A read for a method that declares no checked exception: HSM errors become unchecked. */
  private <T> T read(PartitionEntries.Read<T> read) {
    try {
      return read.apply(entries());
    } catch (HsmException e) {
      throw Errors.cryptoki(e);
    }
  }

  private static void requireAlias(String alias) throws KeyStoreException {
    if (alias == null || alias.isEmpty()) {
      throw new KeyStoreException("an alias (the objects' CKA_LABEL) must not be empty");
    }
  }

  private static List<X509Certificate> x509(Certificate[] chain) throws KeyStoreException {
    if (chain == null) {
      return List.of();
    }
    for (Certificate c : chain) {
      if (!(c instanceof X509Certificate)) {
        throw new KeyStoreException(
            "only X.509 certificates can be stored, not " + (c == null ? "null" : c.getType()));
      }
    }
    return java.util.Arrays.stream(chain).map(c -> (X509Certificate) c).toList();
  }
}
