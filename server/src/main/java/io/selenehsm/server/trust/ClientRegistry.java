package io.selenehsm.server.trust;

import io.selenehsm.server.trust.ClientRegistryException.Reason;
import io.selenehsm.server.trust.RegistryFile.Entry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The clients registered with a server and the partitions assigned to each, kept in one file,
 * {@code clients.registry} in the server directory (format in {@link RegistryFile}).
 *
 * <p>Design note: several processes share the file (the running server reads it, admin shells edit
 * it). A writer takes {@link RegistryLock}, reads the file afresh, applies its edit and replaces
 * the file atomically (temporary file, fsync, rename), so a crash leaves the old registry or the
 * new one and a leftover temporary file is never read. Readers take no lock: each read compares the
 * file's identity, size and modification time with those of the snapshot it holds (one {@code
 * stat}, cheap enough for every call the server takes) and parses the file again only when they
 * differ. Snapshots are immutable and swapped through an {@link AtomicReference}; a race between
 * two readers only parses the same file twice. The rename gives every version of the file a new
 * inode, so a change is seen even within the file system's timestamp granularity.
 */
public final class ClientRegistry {
  public static final String FILE_NAME = "clients.registry";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,253}");
  private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Path dir;
  private final Path file;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();

  /** What the file said when it had {@code stamp}; names are keyed in lower case. */
  private record Snapshot(
      Stamp stamp, Map<String, Entry> byName, Map<String, Entry> byFingerprint) {
    static Snapshot of(Stamp stamp, List<Entry> entries, Path file) throws IOException {
      Map<String, Entry> byName = new TreeMap<>();
      Map<String, Entry> byFingerprint = new HashMap<>();
      for (Entry e : entries) {
        if (byName.put(key(e.client().name()), e) != null) {
          throw new IOException(file + " registers client " + e.client().name() + " twice");
        }
        if (byFingerprint.put(e.client().fingerprint(), e) != null) {
          throw new IOException(
              file + " registers certificate " + e.client().fingerprint() + " twice");
        }
      }
      return new Snapshot(
          stamp, Collections.unmodifiableMap(byName), Collections.unmodifiableMap(byFingerprint));
    }

    List<Entry> entries() {
      return List.copyOf(byName.values());
    }
  }

  /** Which version of the file a snapshot was read from; {@link #ABSENT} for no file. */
  private record Stamp(Object fileKey, FileTime modified, long size) {
    static final Stamp ABSENT = new Stamp(null, FileTime.fromMillis(0), -1);

    static Stamp of(Path file) throws IOException {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.fileKey(), a.lastModifiedTime(), a.size());
      } catch (NoSuchFileException e) {
        return ABSENT;
      }
    }
  }

  private ClientRegistry(Path dir) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
  }

  /** The registry of the server whose directory is {@code serverDir} (created 0700 if absent). */
  public static ClientRegistry open(Path serverDir) throws IOException {
    SecureFiles.createPrivateDirectory(serverDir);
    ClientRegistry r = new ClientRegistry(serverDir);
    r.fresh();
    return r;
  }

  /** The registry file. */
  public Path file() {
    return file;
  }

  /**
   * Registers {@code cert} as client {@code name} on {@code hostname}, with no partition. Refused
   * when the name (in any case) or the certificate is registered already.
   */
  public RegisteredClient register(String name, String hostname, X509Certificate cert)
      throws IOException, ClientRegistryException {
    checkName(name);
    check(HOSTNAME, hostname, "host name");
    Objects.requireNonNull(cert, "cert");
    String fingerprint = Fingerprints.sha256(cert);
    RegisteredClient added = new RegisteredClient(name, hostname, fingerprint, Set.of());
    edit(
        snapshot -> {
          Entry same = snapshot.byName().get(key(name));
          if (same != null) {
            throw new ClientRegistryException(
                Reason.DUPLICATE_NAME,
                "a client named " + same.client().name() + " is registered already");
          }
          Entry owner = snapshot.byFingerprint().get(fingerprint);
          if (owner != null) {
            throw new ClientRegistryException(
                Reason.DUPLICATE_CERTIFICATE,
                "the certificate "
                    + fingerprint
                    + " is registered already, as client "
                    + owner.client().name());
          }
          List<Entry> next = new ArrayList<>(snapshot.entries());
          next.add(new Entry(added, cert));
          return next;
        });
    return added;
  }

  /** Removes client {@code name}: its next TLS handshake is refused. */
  public void delete(String name) throws IOException, ClientRegistryException {
    edit(
        snapshot -> {
          Entry e = existing(snapshot, name);
          List<Entry> next = new ArrayList<>(snapshot.entries());
          next.remove(e);
          return next;
        });
  }

  /** Assigns the partition with serial {@code partitionSerial} to client {@code name}. */
  public RegisteredClient assignPartition(String name, String partitionSerial)
      throws IOException, ClientRegistryException {
    check(SERIAL, partitionSerial, "partition serial");
    return changePartitions(
        name,
        partitions -> {
          partitions.add(partitionSerial);
          return partitions;
        },
        Reason.ALREADY_ASSIGNED,
        "partition " + partitionSerial + " is assigned to client " + name + " already");
  }

  /** Takes the partition with serial {@code partitionSerial} away from client {@code name}. */
  public RegisteredClient revokePartition(String name, String partitionSerial)
      throws IOException, ClientRegistryException {
    return changePartitions(
        name,
        partitions -> {
          partitions.remove(partitionSerial);
          return partitions;
        },
        Reason.NOT_ASSIGNED,
        "partition " + partitionSerial + " is not assigned to client " + name);
  }

  private RegisteredClient changePartitions(
      String name, UnaryOperator<Set<String>> change, Reason unchanged, String unchangedMessage)
      throws IOException, ClientRegistryException {
    RegisteredClient[] result = {null};
    edit(
        snapshot -> {
          Entry e = existing(snapshot, name);
          Set<String> partitions = change.apply(new LinkedHashSet<>(e.client().partitions()));
          if (partitions.equals(e.client().partitions())) {
            throw new ClientRegistryException(unchanged, unchangedMessage);
          }
          RegisteredClient c = e.client();
          result[0] = new RegisteredClient(c.name(), c.hostname(), c.fingerprint(), partitions);
          List<Entry> next = new ArrayList<>(snapshot.entries());
          next.set(next.indexOf(e), new Entry(result[0], e.certificate()));
          return next;
        });
    return result[0];
  }

  /** Every registered client, in name order, as the file says now. */
  public List<RegisteredClient> list() throws IOException {
    return fresh().byName().values().stream().map(Entry::client).toList();
  }

  /** The client registered as {@code name} (in any case), as the file says now. */
  public Optional<RegisteredClient> byName(String name) throws IOException {
    return Optional.ofNullable(fresh().byName().get(key(name))).map(Entry::client);
  }

  /** The registered certificate of client {@code name}. */
  public Optional<X509Certificate> certificate(String name) throws IOException {
    return Optional.ofNullable(fresh().byName().get(key(name))).map(Entry::certificate);
  }

  /**
   * The client whose registered certificate is exactly {@code cert} (same SHA-256 fingerprint), as
   * the file says now. The server asks this on every handshake and call.
   */
  public Optional<RegisteredClient> byCertificate(X509Certificate cert) throws IOException {
    return Optional.ofNullable(fresh().byFingerprint().get(Fingerprints.sha256(cert)))
        .map(Entry::client);
  }

  /** The snapshot of the file as it is now, parsed again only when the file changed. */
  private Snapshot fresh() throws IOException {
    Snapshot s = current.get();
    Stamp stamp = Stamp.of(file);
    if (s != null && s.stamp().equals(stamp)) {
      return s;
    }
    Snapshot read = read(stamp);
    current.set(read);
    return read;
  }

  /** Reads the file whose stamp was taken just before, so a newer file is never cached as old. */
  private Snapshot read(Stamp stamp) throws IOException {
    if (stamp.equals(Stamp.ABSENT)) {
      return Snapshot.of(stamp, List.of(), file);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException gone) {
      return Snapshot.of(Stamp.ABSENT, List.of(), file);
    }
    return Snapshot.of(stamp, RegistryFile.parse(bytes, file.toString()), file);
  }

  @FunctionalInterface
  private interface Edit {
    List<Entry> apply(Snapshot now) throws ClientRegistryException;
  }

  private void edit(Edit edit) throws IOException, ClientRegistryException {
    try (RegistryLock lock = RegistryLock.acquire(dir)) {
      removeLeftovers();
      Stamp before = Stamp.of(file);
      List<Entry> next = edit.apply(read(before));
      next.sort((a, b) -> key(a.client().name()).compareTo(key(b.client().name())));
      SecureFiles.writeAtomically(file, RegistryFile.render(next), SecureFiles.OWNER_ONLY);
      Stamp after = Stamp.of(file);
      current.set(Snapshot.of(after, next, file));
    }
  }

  /** Temporary files of writers that crashed; safe to remove while holding the lock. */
  private void removeLeftovers() throws IOException {
    try (DirectoryStream<Path> tmp =
        Files.newDirectoryStream(dir, "." + FILE_NAME + "*" + SecureFiles.TEMP_SUFFIX)) {
      for (Path p : tmp) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Entry existing(Snapshot snapshot, String name) throws ClientRegistryException {
    Entry e = name == null ? null : snapshot.byName().get(key(name));
    if (e == null) {
      throw new ClientRegistryException(
          Reason.UNKNOWN_CLIENT, "no client named " + name + " is registered");
    }
    return e;
  }

  /** Refuses a client name the registry cannot hold (letters, digits, ., _ and -; 64 at most). */
  public static void checkName(String name) throws ClientRegistryException {
    check(NAME, name, "client name");
  }

  private static void check(Pattern pattern, String value, String what)
      throws ClientRegistryException {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new ClientRegistryException(
          Reason.INVALID_VALUE,
          what
              + " '"
              + value
              + "' is not valid: use letters, digits, '.', '_' and '-'"
              + (pattern == HOSTNAME ? " (':' and brackets for IPv6)" : "")
              + " (pattern "
              + pattern.pattern()
              + ")");
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
