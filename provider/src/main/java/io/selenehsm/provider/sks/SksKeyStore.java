package io.selenehsm.provider.sks;

import io.selenehsm.device.DeviceManager;
import io.selenehsm.firmware.PartitionInfo;
import io.selenehsm.firmware.mech.SoftwareProviders;
import io.selenehsm.firmware.object.Ckk;
import io.selenehsm.firmware.rc.Ckr;
import io.selenehsm.firmware.rc.HsmException;
import io.selenehsm.firmware.role.Role;
import io.selenehsm.provider.exception.SeleneCryptokiException;
import io.selenehsm.provider.internal.Errors;
import io.selenehsm.provider.internal.KeyImport;
import io.selenehsm.provider.internal.KeyStoreDescriptor;
import io.selenehsm.provider.internal.KeyStoreLogin;
import io.selenehsm.provider.internal.SeleneContext;
import io.selenehsm.provider.internal.SoftwareKeys;
import io.selenehsm.provider.internal.Token;
import io.selenehsm.provider.key.SeleneKey;
import io.selenehsm.sks.BlobEntry;
import io.selenehsm.sks.BlobStoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableEntryException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * KeyStore type {@code SKS}: keys kept outside the HSM as SKS blobs in a {@link
 * io.selenehsm.sks.BlobStore}, inserted into the partition when used.
 *
 * <p>{@code load(stream, pin)} reads an {@linkplain KeyStoreDescriptor SKS descriptor} (the {@code
 * Selene} keystore lines plus {@code store:}) and logs in with {@code pin}; {@code load(null, pin)}
 * uses the default slot and the default embedded store {@code $SELENE_HOME/sks/<partition
 * serial>/store.mv}. {@code store()} writes only the descriptor (the store itself is written entry
 * by entry, durably, as each call returns), so {@code keytool -genkeypair} on a new keystore file
 * works. The partition must be V1: a V0 partition keeps its SMK unusable, and loading refuses with
 * {@code CKR_OPERATION_NOT_ALLOWED}.
 *
 * <p>Entries are key entries only: the blob, the certificate chain (public, in clear) and the
 * alias, OUID, algorithm and creation date. {@code setKeyEntry} seals a Selene key of the partition
 * into a blob (the key itself stays); a software key is imported first (when the partition's
 * unwrapping policies allow), sealed, and its imported copy destroyed. {@code getKey} inserts the
 * blob through a cache whose bound follows the partition's free room (a hot key is inserted once);
 * see {@link SksPartition} for how long a returned key stays usable. Entry passwords are ignored:
 * the partition login authorizes. Like every KeyStore, an instance is not for concurrent writes;
 * {@code getKey} may be called from many threads.
 */
public final class SksKeyStore extends KeyStoreSpi {
  private final SeleneContext context;
  private KeyStoreDescriptor descriptor;
  private SksPartition partition;

  /** Built by the provider's service table with the provider's context. */
  public SksKeyStore(SeleneContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  // ---- load and store

  @Override
  public void engineLoad(InputStream stream, char[] password)
      throws IOException, NoSuchAlgorithmException, CertificateException {
    try {
      KeyStoreDescriptor d;
      Token token;
      if (stream == null) {
        if (password == null) {
          token = context.loggedInToken();
          if (token == null) {
            throw new HsmException(
                Ckr.USER_NOT_LOGGED_IN,
                "load(null, null) uses the partition"
                    + " SlotManager logged in to, and no partition is logged in; pass a PIN");
          }
        } else {
          int slot = context.defaultSlot() >= 0 ? context.defaultSlot() : context.firstUsableSlot();
          token = context.token(slot);
        }
        d =
            new KeyStoreDescriptor(
                token.slotId(), null, password == null ? token.role() : Role.CRYPTO_OFFICER, null);
      } else {
        d = KeyStoreDescriptor.read(stream, KeyStoreDescriptor.Type.SKS);
        token = context.token(KeyStoreLogin.slotOf(context, d));
      }
      if (password == null) {
        KeyStoreLogin.requireLoggedIn(token, d.role());
      } else {
        KeyStoreLogin.logIn(token, d.role(), password);
      }
      PartitionInfo info = requireV1(token);
      if (d.store() == null) {
        d = d.withStore(defaultStore(info).toString());
      }
      partition = SksRegistry.partition(token, d.store(), cacheMax());
      descriptor = d;
    } catch (HsmException e) {
      throw KeyStoreLogin.loadFailure("SKS", e);
    } catch (SeleneCryptokiException e) {
      throw KeyStoreLogin.loadFailure("SKS", new HsmException(e.getReturnCode(), e.getMessage()));
    } catch (BlobStoreException | IllegalArgumentException e) {
      throw new IOException("cannot open the SKS keystore: " + e.getMessage(), e);
    }
  }

  /** SKS needs a V1 partition: V0 keeps its SMK but serves no SKS command. */
  private static PartitionInfo requireV1(Token token) throws HsmException {
    PartitionInfo info = token.slot().partitionInfo();
    if (info.version() != 1) {
      throw new HsmException(
          Ckr.OPERATION_NOT_ALLOWED,
          "slot "
              + token.slotId()
              + " (partition "
              + info.serial()
              + ", \""
              + info.label()
              + "\") is a V"
              + info.version()
              + " partition; the SKS keystore needs a V1 partition (the HSM SO creates one with"
              + " 'partition create -slot N -version 1'); use KeyStore type Selene on V0");
    }
    return info;
  }

  /** $SELENE_HOME/sks/&lt;partition serial&gt;/store.mv (SELENE_HOME defaults to ~/.selene). */
  static Path defaultStore(PartitionInfo info) {
    String named = System.getenv(DeviceManager.HOME_ENV_VAR);
    Path home =
        named != null && !named.isBlank()
            ? Path.of(named.strip())
            : Path.of(System.getProperty("user.home"), ".selene");
    return home.resolve("sks").resolve(info.serial()).resolve("store.mv").toAbsolutePath();
  }

  private static long cacheMax() {
    String v = System.getProperty(SksPartition.CACHE_MAX_PROPERTY);
    if (v == null || v.isBlank()) {
      return SksPartition.DEFAULT_CACHE_MAX;
    }
    try {
      return Math.max(SksPartition.MIN_CACHED, Long.parseLong(v.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "system property " + SksPartition.CACHE_MAX_PROPERTY + " = '" + v + "' is not a number");
    }
  }

  /** Writes the descriptor only; every entry was already durable in the store. */
  @Override
  public void engineStore(OutputStream stream, char[] password) throws IOException {
    if (stream != null) {
      loaded().write(stream);
    }
  }

  private KeyStoreDescriptor loaded() {
    if (descriptor == null) {
      throw new IllegalStateException("the SKS keystore is not loaded");
    }
    return descriptor;
  }

  // ---- reading

  @Override
  public Enumeration<String> engineAliases() {
    return Collections.enumeration(store(() -> partition().store().aliases()));
  }

  @Override
  public boolean engineContainsAlias(String alias) {
    return valid(alias) && store(() -> partition().store().contains(alias));
  }

  @Override
  public int engineSize() {
    return (int) Math.min(Integer.MAX_VALUE, store(() -> partition().store().size()));
  }

  @Override
  public boolean engineIsKeyEntry(String alias) {
    return engineContainsAlias(alias);
  }

  /** SKS entries always hold a key. */
  @Override
  public boolean engineIsCertificateEntry(String alias) {
    return false;
  }

  /** Inserts the entry's blob (unless it is inserted already) and returns the key. */
  @Override
  public Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
    if (!valid(alias)) {
      return null;
    }
    try {
      return partition().key(alias);
    } catch (HsmException e) {
      UnrecoverableKeyException u =
          new UnrecoverableKeyException(
              "cannot insert key \"" + alias + "\": " + Errors.cryptoki(e).getMessage());
      u.initCause(Errors.cryptoki(e));
      throw u;
    } catch (BlobStoreException e) {
      throw (UnrecoverableKeyException)
          new UnrecoverableKeyException("cannot read key \"" + alias + "\": " + e.getMessage())
              .initCause(e);
    }
  }

  @Override
  public Certificate[] engineGetCertificateChain(String alias) {
    List<byte[]> chain = entry(alias).map(BlobEntry::certificateChain).orElse(List.of());
    return chain.isEmpty() ? null : decode(alias, chain).toArray(Certificate[]::new);
  }

  @Override
  public Certificate engineGetCertificate(String alias) {
    Certificate[] chain = engineGetCertificateChain(alias);
    return chain == null ? null : chain[0];
  }

  /** The first alias whose leaf certificate is {@code cert} (reads every entry: O(size)). */
  @Override
  public String engineGetCertificateAlias(Certificate cert) {
    if (cert == null) {
      return null;
    }
    for (String alias : store(() -> partition().store().aliases())) {
      if (cert.equals(engineGetCertificate(alias))) {
        return alias;
      }
    }
    return null;
  }

  @Override
  public Date engineGetCreationDate(String alias) {
    return entry(alias).map(e -> Date.from(e.created())).orElse(null);
  }

  @Override
  public boolean engineEntryInstanceOf(String alias, Class<? extends KeyStore.Entry> entryClass) {
    Optional<BlobEntry> e = entry(alias);
    if (e.isEmpty()) {
      return false;
    }
    boolean secret = isSecret(e.get().algorithm());
    return secret
        ? entryClass == KeyStore.SecretKeyEntry.class
        : entryClass == KeyStore.PrivateKeyEntry.class;
  }

  /** The entry under {@code alias}, whatever {@code protection} says (the login authorizes). */
  @Override
  public KeyStore.Entry engineGetEntry(String alias, KeyStore.ProtectionParameter protection)
      throws KeyStoreException, UnrecoverableEntryException {
    Optional<BlobEntry> e = entry(alias);
    if (e.isEmpty()) {
      return null;
    }
    try {
      Key key = engineGetKey(alias, null);
      if (key instanceof PrivateKey p) {
        Certificate[] chain = engineGetCertificateChain(alias);
        if (chain == null) {
          throw new KeyStoreException(
              "\""
                  + alias
                  + "\" holds a private key without a"
                  + " certificate chain, which a KeyStore.PrivateKeyEntry cannot hold; use getKey");
        }
        return new KeyStore.PrivateKeyEntry(p, chain);
      }
      if (key instanceof SecretKey s) {
        return new KeyStore.SecretKeyEntry(s);
      }
      throw new KeyStoreException(
          "\""
              + alias
              + "\" holds a "
              + key.getAlgorithm()
              + " key that is neither private nor secret");
    } catch (UnrecoverableKeyException x) {
      throw (UnrecoverableEntryException)
          new UnrecoverableEntryException(x.getMessage()).initCause(x);
    }
  }

  @Override
  public void engineSetEntry(
      String alias, KeyStore.Entry entry, KeyStore.ProtectionParameter protection)
      throws KeyStoreException {
    if (entry instanceof KeyStore.PrivateKeyEntry p) {
      engineSetKeyEntry(alias, p.getPrivateKey(), null, p.getCertificateChain());
    } else if (entry instanceof KeyStore.SecretKeyEntry k) {
      engineSetKeyEntry(alias, k.getSecretKey(), null, null);
    } else {
      throw new KeyStoreException(
          "the SKS keystore stores private and secret key entries, not "
              + (entry == null ? "null" : entry.getClass().getSimpleName()));
    }
  }

  // ---- writing

  /**
   * Seals {@code key} into a blob stored under {@code alias} (replacing what the alias held),
   * durable when this returns. A Selene key of this partition is extracted and stays where it is; a
   * software key is imported into the partition when policy allows, extracted, and the imported
   * copy destroyed. The password is ignored.
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
          "only private and secret keys are SKS entries, not " + key.getClass().getName());
    }
    List<byte[]> encoded = encode(chain);
    SksPartition p = partition();
    SeleneKey selene = null;
    boolean imported = !(key instanceof SeleneKey);
    try {
      selene = (SeleneKey) (imported ? KeyImport.toSelene(p.token(), key) : key);
      byte[] blob = p.extract(selene);
      BlobEntry entry =
          new BlobEntry(
              alias, blob, encoded, selene.getOUID(), key.getAlgorithm(), context.time().instant());
      p.store().put(entry);
      p.replaced(alias, imported ? null : selene);
    } catch (HsmException e) {
      throw Errors.keyStore(e);
    } catch (SeleneCryptokiException | BlobStoreException | IllegalArgumentException e) {
      throw (KeyStoreException)
          new KeyStoreException("cannot store \"" + alias + "\": " + e.getMessage()).initCause(e);
    } finally {
      if (imported && selene != null) {
        destroyQuietly(selene);
      }
    }
  }

  private static void destroyQuietly(SeleneKey k) {
    try {
      k.destroy();
    } catch (RuntimeException e) {
      // The session copy dies with the object session anyway.
    }
  }

  /**
   * Refused: a protected key encoding is the format of another keystore; an SKS entry is a blob
   * only an HSM can make. Pass the {@link Key}.
   */
  @Override
  public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain)
      throws KeyStoreException {
    throw new KeyStoreException(
        "the SKS keystore takes Key objects, not protected key"
            + " encodings; pass the key to setKeyEntry(alias, key, password, chain)");
  }

  /** Refused: an SKS entry is a sealed key; a certificate alone has nothing to seal. */
  @Override
  public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
    throw new KeyStoreException(
        "the SKS keystore holds key entries only; keep the trusted"
            + " certificate \""
            + alias
            + "\" in a trust store (PKCS12) or the Selene keystore");
  }

  /** Deletes the entry (and the inserted copy of its key); an unknown alias changes nothing. */
  @Override
  public void engineDeleteEntry(String alias) throws KeyStoreException {
    requireAlias(alias);
    try {
      partition().store().delete(alias);
      partition().forget(alias);
    } catch (BlobStoreException | IllegalArgumentException e) {
      throw (KeyStoreException)
          new KeyStoreException("cannot delete \"" + alias + "\": " + e.getMessage()).initCause(e);
    }
  }

  // ---- helpers

  private SksPartition partition() {
    if (partition == null) {
      throw new IllegalStateException("the SKS keystore is not loaded");
    }
    return partition;
  }

  private Optional<BlobEntry> entry(String alias) {
    return valid(alias) ? store(() -> partition().store().get(alias)) : Optional.empty();
  }

  /** Store errors in methods that declare no checked exception surface as SeleneException. */
  private static <T> T store(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (BlobStoreException e) {
      throw new io.selenehsm.provider.exception.SeleneException(e.getMessage(), e);
    }
  }

  private static boolean valid(String alias) {
    return alias != null
        && !alias.isEmpty()
        && alias.length() <= BlobEntry.MAX_ALIAS_LENGTH
        && alias.chars().noneMatch(Character::isISOControl);
  }

  private static void requireAlias(String alias) throws KeyStoreException {
    if (!valid(alias)) {
      throw new KeyStoreException(
          "an SKS alias has 1 to "
              + BlobEntry.MAX_ALIAS_LENGTH
              + " characters and no control characters: "
              + (alias == null ? "null" : "\"" + alias + "\""));
    }
  }

  static boolean isSecret(String algorithm) {
    long type = SoftwareKeys.keyTypeOf(algorithm);
    return type >= 0 && Ckk.isSecret(type);
  }

  private static List<byte[]> encode(Certificate[] chain) throws KeyStoreException {
    List<byte[]> out = new ArrayList<>();
    if (chain == null) {
      return out;
    }
    if (chain.length > BlobEntry.MAX_CHAIN_LENGTH) {
      throw new KeyStoreException(
          "an SKS entry holds at most "
              + BlobEntry.MAX_CHAIN_LENGTH
              + " certificates, not "
              + chain.length);
    }
    for (Certificate c : chain) {
      if (!(c instanceof java.security.cert.X509Certificate)) {
        throw new KeyStoreException(
            "only X.509 certificates can be stored, not " + (c == null ? "null" : c.getType()));
      }
      try {
        out.add(c.getEncoded());
      } catch (CertificateEncodingException e) {
        throw (KeyStoreException)
            new KeyStoreException(
                    "cannot encode a certificate of the" + " chain: " + e.getMessage())
                .initCause(e);
      }
    }
    return out;
  }

  private static List<Certificate> decode(String alias, List<byte[]> chain) {
    try {
      CertificateFactory cf = SoftwareProviders.x509();
      List<Certificate> out = new ArrayList<>();
      for (byte[] der : chain) {
        out.add(cf.generateCertificate(new ByteArrayInputStream(der)));
      }
      return out;
    } catch (CertificateException e) {
      throw new io.selenehsm.provider.exception.SeleneException(
          "the certificate chain of \"" + alias + "\" cannot be decoded: " + e.getMessage(), e);
    }
  }
}
